package dev.hearth.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code hearth.war} on a full Payara Server, against Debian's MariaDB server, done as README.md's "Deploy the WAR on
 * your own application server" says: a database and user made with the README's SQL, the three {@code HEARTH_DB_*}
 * settings in the server's environment, the WAR deployed at the root context with {@code asadmin}.
 */
class PayaraServerIT {

    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final String DB_PASSWORD = "a-long-random-password";
    private static final String ADMIN_PASSWORD = "app-server-admin-1";

    private static Path work;
    private static Path asadmin;
    private static Process mariadb;
    private static int adminPort;
    private static int httpPort;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void deploy() throws Exception {
        assertTrue(Files.isExecutable(MARIADBD), "Debian's mariadb-server is installed (.ci/run installs it)");
        work = Files.createDirectories(Path.of(System.getProperty("hearth.it.dir", "target/it"))
                .resolve("app-server-" + System.currentTimeMillis())
                .toAbsolutePath());
        int dbPort = startMariaDb();
        sql("CREATE DATABASE hearth CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                + " CREATE USER 'hearth'@'%' IDENTIFIED BY '" + DB_PASSWORD + "';"
                + " GRANT ALL PRIVILEGES ON hearth.* TO 'hearth'@'%';");

        asadmin = Path.of(System.getProperty("payara.home")).resolve("bin/asadmin");
        int portBase = freePortBase();
        adminPort = portBase + 48;
        httpPort = portBase + 80;
        run(
                Map.of(),
                asadmin.toString(),
                "create-domain",
                "--domaindir",
                work.resolve("domains").toString(), // a domain of this run's own, beside its other files
                "--portbase",
                Integer.toString(portBase),
                "--nopassword",
                "hearth");
        long started = System.nanoTime();
        // the server takes its settings from its environment, as MicroProfile Config reads them
        run(
                Map.of(
                        "HEARTH_DB_URL",
                        "jdbc:mariadb://127.0.0.1:" + dbPort + "/hearth",
                        "HEARTH_DB_USER",
                        "hearth",
                        "HEARTH_DB_PASSWORD",
                        DB_PASSWORD,
                        "HEARTH_DATA_DIR",
                        work.resolve("hearth-data").toString(),
                        "HEARTH_ADMIN_PASSWORD",
                        ADMIN_PASSWORD),
                asadmin.toString(),
                "start-domain",
                "--domaindir",
                work.resolve("domains").toString(),
                "hearth");
        run(
                Map.of(),
                asadmin.toString(),
                "--port",
                Integer.toString(adminPort),
                "deploy",
                "--contextroot",
                "/",
                "--name",
                "hearth",
                Path.of(System.getProperty("hearth.war")).toAbsolutePath().toString());
        System.out.printf(
                "[app-server] Payara Server started and hearth.war deployed in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stop() throws Exception {
        if (asadmin != null) {
            run(
                    Map.of(),
                    asadmin.toString(),
                    "stop-domain",
                    "--domaindir",
                    work.resolve("domains").toString(),
                    "hearth");
        }
        if (mariadb != null) {
            mariadb.destroy();
            mariadb.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void hearthIsReadySignsInAndServesItsPluginsWidgetsAndPage() throws Exception {
        HttpResponse<String> ready = get("/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"schema\""), ready.body());
        // Payara Server runs its data grid: Hearth is a cluster of one here
        assertTrue(ready.body().replace(" ", "").contains("\"clustered\":\"true\""), ready.body());

        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")));
        assertEquals(200, login.statusCode(), login.body());
        String token = json(login.body()).getString("accessToken");

        HttpResponse<String> plugins = get("/api/v1/plugins", token);
        assertEquals(200, plugins.statusCode(), plugins.body());
        List<String> running = new ArrayList<>();
        Json.createReader(new StringReader(plugins.body())).readArray().stream()
                .map(JsonValue::asJsonObject)
                .filter(p -> p.getString("state").equals("running"))
                .forEach(p -> running.add(p.getString("id")));
        assertTrue(running.containsAll(List.of("nextcloud-talk", "openproject", "atlassian")), running.toString());

        HttpResponse<String> widgets = get("/api/v1/dashboard/items", token);
        assertEquals(200, widgets.statusCode(), widgets.body());
        JsonObject first = json(widgets.body()).getJsonArray("widgets").getJsonObject(0);
        assertEquals("not_connected", first.getString("status"), first.toString());

        HttpResponse<String> page = get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script"), "the web UI's page");
        System.out.println("[app-server] ready, signed in, plugins " + running + ", " + first.getString("id") + ": "
                + first.getString("status") + ", the page served");
    }

    /** Debian's MariaDB server on a data directory of the test's own, on a free port of 127.0.0.1. */
    private static int startMariaDb() throws Exception {
        Path data = work.resolve("mariadb");
        Path socket = work.resolve("mariadb.sock");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = new ArrayList<>(List.of(
                "mariadb-install-db",
                "--no-defaults",
                "--datadir=" + data,
                "--auth-root-authentication-method=socket",
                "--skip-test-db"));
        if (root) {
            install.add("--user=root");
        }
        run(Map.of(), install.toArray(String[]::new));
        int port = freePort();
        List<String> server = new ArrayList<>(List.of(
                MARIADBD.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--socket=" + socket,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--pid-file=" + work.resolve("mariadb.pid")));
        if (root) {
            server.add("--user=root");
        }
        mariadb = new ProcessBuilder(server)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("mariadb.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            assertTrue(mariadb.isAlive(), () -> "mariadbd ended: " + log("mariadb.log"));
            assertTrue(System.nanoTime() < deadline, "mariadbd did not start");
            Thread.sleep(200);
        }
        return port;
    }

    private static void sql(String statements) throws Exception {
        run(
                Map.of(),
                "mariadb",
                "--no-defaults",
                "--socket=" + work.resolve("mariadb.sock"),
                "-u",
                System.getProperty("user.name"),
                "-e",
                statements);
    }

    private static void run(Map<String, String> env, String... command) throws Exception {
        Path output = Files.createTempFile(work, "command", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "still running: " + String.join(" ", command));
        String said = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + said);
    }

    private static String log(String name) {
        try {
            return Files.readString(work.resolve(name));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port base whose hundred ports (Payara's admin, HTTP, HTTPS, IIOP, JMS, JMX, data grid...) are free. */
    private static int freePortBase() throws IOException {
        for (int base = 20_000 + (int) (ProcessHandle.current().pid() % 100) * 100; base < 60_000; base += 1000) {
            boolean free = true;
            for (int port = base; port < base + 100 && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no hundred free ports in a row");
    }
}
