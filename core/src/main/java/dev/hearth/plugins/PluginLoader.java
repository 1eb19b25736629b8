package dev.hearth.plugins;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.SettingDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds plugins: first those on the web application's own class path, then one JAR at a time from the plugin
 * directory (sorted by file name), each JAR in a class loader of its own whose parent offers only what a plugin may
 * use ({@link PluginClassPath}), so plugins see the plugin API but neither Hearth's internals nor each other. A JAR
 * whose classes link against the host's other classes fails to load, with those classes named
 * ({@link PluginLinks}); bundled plugins are held to the same rule. Every provider is loaded in its own
 * try/catch: a broken one becomes a failed entry and the rest load on. Ids must be well-formed and unique; the
 * first one wins.
 */
public final class PluginLoader {

    static final Pattern ID = Pattern.compile("[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,39}");
    private static final Logger LOGGER = Logger.getLogger(PluginLoader.class.getName());

    private PluginLoader() {}

    /** Whether a plugin id is well-formed: 2 to 40 lower-case letters, digits and single hyphens. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static List<LoadedPlugin> load(ClassLoader webappLoader, Path pluginDir) {
        return load(webappLoader, pluginDir, Optional.empty());
    }

    /**
     * As {@link #load(ClassLoader, Path)}; with an allow-list of SHA-256 checksums (hex), a drop-in JAR whose checksum
     * is not on it is not opened at all: it becomes a failed entry that names its checksum, for the operator to add
     * when they trust it. Bundled plugins came with Hearth and are not checked.
     */
    public static List<LoadedPlugin> load(ClassLoader webappLoader, Path pluginDir, Optional<Set<String>> allowed) {
        List<LoadedPlugin> found = new ArrayList<>();
        for (LoadedPlugin bundled : discover(webappLoader, null)) {
            found.add(
                    bundled.ok() ? withinBounds(bundled, jarOf(bundled.plugin().getClass()), webappLoader) : bundled);
        }
        if (pluginDir != null && Files.isDirectory(pluginDir)) {
            for (Path jar : jars(pluginDir)) {
                Optional<LoadedPlugin> refused = allowed.flatMap(list -> notAllowed(jar, list));
                if (refused.isPresent()) {
                    found.add(refused.get());
                } else {
                    found.addAll(loadJar(webappLoader, jar));
                }
            }
        } else if (pluginDir != null) {
            LOGGER.info("No plugin directory at " + pluginDir.toAbsolutePath() + "; only bundled plugins are loaded");
        }
        return rejectDuplicates(found);
    }

    /** A failed entry when the JAR's SHA-256 is not on the operator's allow-list. */
    private static Optional<LoadedPlugin> notAllowed(Path jar, Set<String> allowed) {
        String source = jar.getFileName().toString();
        String checksum;
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
            checksum = HexFormat.of().formatHex(sha256.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.of(LoadedPlugin.failed(source, source, "unknown", source, "Cannot read " + source));
        }
        if (allowed.contains(checksum)) {
            return Optional.empty();
        }
        LOGGER.warning("Not loading the plugin JAR " + source + ": its SHA-256 " + checksum
                + " is not in HEARTH_PLUGIN_CHECKSUMS");
        return Optional.of(LoadedPlugin.failed(
                source,
                source,
                "unknown",
                source,
                "Not loaded: its SHA-256 " + checksum + " is not on the allow-list (HEARTH_PLUGIN_CHECKSUMS). Add it"
                        + " there if you trust this JAR: a plugin runs inside Hearth with all of Hearth's rights."));
    }

    /** The allow-list as configured: SHA-256 checksums in hex, comma-separated, {@code sha256:} allowed. */
    public static Optional<Set<String>> checksums(Optional<String> configured) {
        if (configured.isEmpty() || configured.get().isBlank()) {
            return Optional.empty();
        }
        Set<String> checksums = new java.util.HashSet<>();
        for (String entry : configured.get().split(",")) {
            String checksum = entry.strip().toLowerCase(Locale.ROOT);
            checksum = checksum.startsWith("sha256:") ? checksum.substring("sha256:".length()) : checksum;
            if (checksum.isEmpty()) {
                continue;
            }
            if (!checksum.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        "HEARTH_PLUGIN_CHECKSUMS: '" + entry.strip() + "' is not a SHA-256 checksum in hex");
            }
            checksums.add(checksum);
        }
        return Optional.of(Set.copyOf(checksums));
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the plugin directory " + dir, e);
        }
    }

    private static List<LoadedPlugin> loadJar(ClassLoader parent, Path jar) {
        String source = jar.getFileName().toString();
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(
                    "plugin:" + source, new URL[] {jar.toUri().toURL()}, new PluginClassPath(parent));
        } catch (MalformedURLException e) {
            return List.of(LoadedPlugin.failed(source, source, "unknown", source, "Cannot open " + source));
        }
        List<LoadedPlugin> plugins = discover(loader, source).stream()
                .map(p -> p.ok() ? withinBounds(p, jar, parent) : p)
                .toList();
        if (plugins.isEmpty()) {
            plugins = List.of(LoadedPlugin.failed(
                    source,
                    source,
                    "unknown",
                    source,
                    "The JAR names no plugin in META-INF/services/" + HearthPlugin.class.getName()));
        }
        if (plugins.stream().noneMatch(LoadedPlugin::ok)) {
            close(loader);
        }
        return plugins;
    }

    /**
     * The plugin as it is when its JAR links against nothing of the host but what {@link PluginClassPath} offers;
     * otherwise a failure that names what it reaches for.
     */
    private static LoadedPlugin withinBounds(LoadedPlugin plugin, Path jar, ClassLoader host) {
        if (jar == null) {
            return plugin; // classes in a directory: a development set-up, not a packaged plugin
        }
        PluginLinks.Links links;
        try {
            links = PluginLinks.of(jar, host);
        } catch (IOException e) {
            return failed(plugin, "Cannot read the classes of " + plugin.source() + ": " + e.getMessage());
        }
        if (!links.hostClasses().isEmpty()) {
            return failed(
                    plugin,
                    "It uses " + some(links.hostClasses())
                            + " of Hearth's own classes, which plugins may not"
                            + " use: a plugin may link against the plugin API (dev.hearth.api), Jakarta REST, JSON-P,"
                            + " JSON-B, MicroProfile Rest Client, Jakarta Annotations and the JDK only");
        }
        if (!links.ownConnections().isEmpty()) {
            return failed(
                    plugin,
                    "It opens connections of its own (" + some(links.ownConnections()) + "): a plugin reaches its"
                            + " upstream only through the HTTP clients Hearth hands it (UserContext.http(), a flow's"
                            + " verifier), which keep to the administrator's allowed hosts and ports and to Hearth's"
                            + " timeouts, and send the user's credential to the connection's own server only");
        }
        return plugin;
    }

    /** The plugin, failed for this reason. */
    private static LoadedPlugin failed(LoadedPlugin plugin, String reason) {
        return LoadedPlugin.failed(plugin.id(), plugin.name(), plugin.version(), plugin.source(), reason);
    }

    /** The first three names, and how many more. */
    private static String some(Set<String> names) {
        List<String> named = names.stream().limit(3).toList();
        return String.join(", ", named)
                + (names.size() > named.size() ? " and " + (names.size() - named.size()) + " more" : "");
    }

    /** The JAR file a class was loaded from, or {@code null} when it came from a directory or nowhere known. */
    private static Path jarOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null
                || code.getLocation() == null
                || !"file".equals(code.getLocation().getProtocol())) {
            return null;
        }
        try {
            Path path = Path.of(code.getLocation().toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static List<LoadedPlugin> discover(ClassLoader loader, String jarName) {
        List<LoadedPlugin> result = new ArrayList<>();
        Iterator<ServiceLoader.Provider<HearthPlugin>> providers =
                ServiceLoader.load(HearthPlugin.class, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<HearthPlugin> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                String source = jarName == null ? "class path" : jarName;
                result.add(LoadedPlugin.failed(source, source, "unknown", source, describe(e)));
                continue;
            }
            result.add(instantiate(provider, jarName == null ? sourceOf(provider.type()) : jarName));
        }
        return result;
    }

    private static LoadedPlugin instantiate(ServiceLoader.Provider<HearthPlugin> provider, String source) {
        String className = provider.type().getName();
        HearthPlugin plugin;
        try {
            plugin = provider.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            return LoadedPlugin.failed(className, className, "unknown", source, describe(e));
        }
        String id;
        String name;
        String version;
        List<SettingDefinition> settings;
        try {
            id = plugin.id();
            name = plugin.name();
            version = plugin.version();
            settings = plugin.settings();
        } catch (RuntimeException | LinkageError e) {
            return LoadedPlugin.failed(className, className, "unknown", source, describe(e));
        }
        if (!isValidId(id)) {
            return LoadedPlugin.failed(
                    className,
                    name,
                    version,
                    source,
                    "Invalid plugin id '" + id
                            + "': use 2 to 40 lower-case letters, digits and single hyphens, starting with a letter");
        }
        String duplicateSetting = settings.stream()
                .map(SettingDefinition::name)
                .filter(n -> settings.stream().filter(d -> d.name().equals(n)).count() > 1)
                .findFirst()
                .orElse(null);
        if (duplicateSetting != null) {
            return LoadedPlugin.failed(
                    id, name, version, source, "It declares the setting '" + duplicateSetting + "' twice");
        }
        return LoadedPlugin.loaded(plugin, id, name == null || name.isBlank() ? id : name, version, source, settings);
    }

    private static List<LoadedPlugin> rejectDuplicates(List<LoadedPlugin> found) {
        Map<String, LoadedPlugin> first = new HashMap<>();
        List<LoadedPlugin> result = new ArrayList<>(found.size());
        for (LoadedPlugin p : found) {
            if (!p.ok()) {
                result.add(p);
                continue;
            }
            LoadedPlugin earlier = first.putIfAbsent(p.id(), p);
            if (earlier == null) {
                result.add(p);
            } else {
                result.add(LoadedPlugin.failed(
                        p.id(),
                        p.name(),
                        p.version(),
                        p.source(),
                        "Duplicate plugin id '" + p.id() + "': already provided by " + earlier.source()
                                + "; this copy is not loaded"));
            }
        }
        return result;
    }

    private static String sourceOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return "class path";
        }
        String path = code.getLocation().getPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e == cause
                ? String.valueOf(e.getMessage())
                : e.getMessage() + " (caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "Closing a plugin class loader failed", e);
        }
    }
}
