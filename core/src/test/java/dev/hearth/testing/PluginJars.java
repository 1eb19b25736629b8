package dev.hearth.testing;

import dev.hearth.api.HearthPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin JARs for tests: compiles Java sources against the plugin API alone (as a third-party
 * author would), adds the {@code META-INF/services} entry and any resources, and writes the JAR. The classes
 * exist only inside the JAR, never on the test class path.
 */
public final class PluginJars {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final List<String> services = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>(List.of(location(HearthPlugin.class)));
    private String version = "1.0.0";

    public static PluginJars plugin() {
        return new PluginJars();
    }

    /** A plugin class with the given id and name whose {@code start} runs {@code startBody}. */
    public static PluginJars simple(String className, String id, String name, String startBody) {
        int dot = className.lastIndexOf('.');
        String pkg = className.substring(0, dot);
        String simpleName = className.substring(dot + 1);
        return plugin().source(
                        className,
                        "package " + pkg + ";\n"
                                + "public class " + simpleName + " implements dev.hearth.api.HearthPlugin {\n"
                                + "  public String id() { return \"" + id + "\"; }\n"
                                + "  public String name() { return \"" + name + "\"; }\n"
                                + "  public void start(dev.hearth.api.PluginContext context) throws Exception { "
                                + startBody + " }\n"
                                + "}\n")
                .service(className);
    }

    public PluginJars source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    public PluginJars service(String className) {
        services.add(className);
        return this;
    }

    public PluginJars resource(String path, String content) {
        resources.put(path, content);
        return this;
    }

    /** Also compile against the JARs these classes come from (Jakarta REST, MicroProfile Rest Client...). */
    public PluginJars compiledWith(Class<?>... apis) {
        for (Class<?> api : apis) {
            classpath.add(location(api));
        }
        return this;
    }

    public PluginJars version(String implementationVersion) {
        this.version = implementationVersion;
        return this;
    }

    public Path writeTo(Path jar) {
        try {
            Path work = Files.createTempDirectory("plugin-src");
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file.toString());
            }
            compile(classes, files, classpath);
            Files.createDirectories(jar.toAbsolutePath().getParent());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream zip = new JarOutputStream(out, manifest)) {
                if (!services.isEmpty()) {
                    add(
                            zip,
                            "META-INF/services/" + HearthPlugin.class.getName(),
                            String.join("\n", services).getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, String> resource : resources.entrySet()) {
                    add(zip, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
                }
                try (Stream<Path> compiled = Files.walk(classes)) {
                    for (Path file : compiled.filter(Files::isRegularFile).toList()) {
                        add(zip, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(Path classes, List<String> files, List<Path> classpath) {
        if (files.isEmpty()) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of(
                "-d",
                classes.toString(),
                "--release",
                "17",
                "-classpath",
                classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
        args.addAll(files);
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException(
                    "The test plugin does not compile against the plugin API (and the APIs named)");
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(JarOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new JarEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
