package dev.hearth.web;

import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /plugin-assets/<plugin id>/<path>}: a file a running plugin ships in its own JAR under
 * {@code META-INF/resources/} (the ES module of a widget's custom element and what it imports). Only that JAR is
 * read, never another plugin's or Hearth's, and only files with a known web type.
 */
public class PluginAssetsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A file below META-INF/resources: plain segments, none empty, "..", or starting with a dot. */
    private static final String FILE = "(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*";

    private static final Pattern PATH = Pattern.compile("/([a-z][a-z0-9-]{1,39})/(" + FILE + ")");
    private static final Pattern MODULE = Pattern.compile(FILE + "\\.m?js");
    private static final Map<String, String> TYPES = Map.of(
            "js",
            "text/javascript; charset=utf-8",
            "mjs",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "json",
            "application/json",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "webp",
            "image/webp",
            "woff2",
            "font/woff2");

    @Inject
    transient PluginRegistry registry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var matcher = PATH.matcher(Optional.ofNullable(request.getPathInfo()).orElse(""));
        String type = matcher.matches() ? TYPES.get(extension(matcher.group(2))) : null;
        Optional<URL> file = type == null
                ? Optional.empty()
                : registry.running(matcher.group(1)).flatMap(plugin -> find(plugin, matcher.group(2)));
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.get().openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    /** Whether this servlet would serve the path as a plugin's ES module (what a widget's element may name). */
    public static boolean isModule(String path) {
        return path != null && MODULE.matcher(path).matches();
    }

    /** The file in the plugin's own JAR (or class folder), found through its class loader. */
    static Optional<URL> find(LoadedPlugin plugin, String path) {
        CodeSource source = plugin.plugin().getClass().getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        String home = source.getLocation().toExternalForm();
        try {
            return Collections.list(plugin.loader().getResources("META-INF/resources/" + path)).stream()
                    .filter(url -> url.toExternalForm().startsWith("jar:" + home + "!/")
                            || url.toExternalForm().startsWith(home))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }
}
