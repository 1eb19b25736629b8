package dev.hearth.it;

import static dev.hearth.it.Eventually.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.embedded.EmbeddedDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite: two instances as a cluster behind HAProxy (Debian's, round robin) on one MariaDB, under a steady
 * load of clients that retry a failed request a few times, as clients behind a balancer do. One instance is killed
 * mid-load, then MariaDB is stopped and started again; then each kind of upstream fault is shown to stay in its own
 * widget. Prints requests sent, failed and lost writes per phase.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final int CLIENTS = 4;
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static EmbeddedDatabase database;
    private static FakeUpstream upstream;
    private static HearthServer first;
    private static HearthServer second;
    private static Process balancer;
    private static Api api;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(HAPROXY), "HAProxy is installed (apt-get install haproxy; .ci/run does)");
        work = Path.of(System.getProperty("hearth.it.dir", "target/it"))
                .resolve("faults-" + System.currentTimeMillis());
        database = EmbeddedDatabase.start(Files.createDirectories(work.resolve("database")));
        upstream = new FakeUpstream();
        int firstGrid = HearthServer.freePort();
        int secondGrid = HearthServer.freePort();
        Map<String, String> env = Clusters.settings(database, firstGrid, secondGrid);
        env.put("HEARTH_TRUSTED_PROXIES", "127.0.0.1");
        env.put("HEARTH_DASHBOARD_DEADLINE", "PT3S");
        first = new HearthServer(work.resolve("first"), Map.copyOf(env));
        env.put("HEARTH_CLUSTER_PORT", Integer.toString(secondGrid));
        second = new HearthServer(work.resolve("second"), Map.copyOf(env));
        SharedHearth.writePlugins(first.pluginDir());
        SharedHearth.writePlugins(second.pluginDir());
        first.start();
        second.start();
        int port = HearthServer.freePort();
        Path config = Files.writeString(work.resolve("haproxy.cfg"), haproxyConfig(port));
        balancer = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("haproxy.log").toFile())
                .start();
        api = new Api(URI.create("http://127.0.0.1:" + port));
        within(Duration.ofSeconds(10), "the balancer answers", () -> {
            try {
                return api.get("/health/live", null).status() == 200;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        });
    }

    /** The README's production configuration, with the two instances of this test. */
    private static String haproxyConfig(int port) {
        return """
                global
                    maxconn 512
                defaults
                    mode http
                    option forwardfor
                    timeout connect 1s
                    timeout client 60s
                    timeout server 60s
                    # a request that reached no instance, one answered 503 (nothing of it done), or a GET that got
                    # no answer at all (a kept-alive connection the instance closed, or an instance that died) goes
                    # to another; a POST without an answer may have been done: the client gets 502 and decides
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response 503
                frontend hearth
                    bind 127.0.0.1:%d
                    default_backend instances
                backend instances
                    balance roundrobin
                    http-request disable-l7-retry unless METH_GET
                    option httpchk GET /health/live
                    server first 127.0.0.1:%d check inter 1s fall 2 rise 2
                    server second 127.0.0.1:%d check inter 1s fall 2 rise 2
                """
                .formatted(port, first.uri("/").getPort(), second.uri("/").getPort());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (balancer != null) {
            balancer.destroyForcibly().waitFor();
        }
        for (AutoCloseable each : new AutoCloseable[] {second, first, upstream}) {
            if (each != null) {
                each.close();
            }
        }
        if (database != null) {
            database.stop();
        }
    }

    /** What the clients saw in one phase. */
    private static final class Phase {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong slowest = new AtomicLong();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Set<String> problemTypes = ConcurrentHashMap.newKeySet();

        long status(int code) {
            return statuses.getOrDefault(code, new AtomicLong()).get();
        }

        @Override
        public String toString() {
            return String.format(
                    "sent %5d, failed %3d, retried %3d, slowest %5d ms, answers %s",
                    sent.get(), failed.get(), retried.get(), slowest.get(), new TreeMap<>(statuses));
        }
    }

    /** Clients that each create users (the writes), read themselves and a widget, until stopped. */
    private static final class Load {
        final Map<String, Phase> phases = new LinkedHashMap<>();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicBoolean running = new AtomicBoolean(true);
        volatile Phase phase;
        final List<Thread> clients = new ArrayList<>();
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        final URI root;
        final String admin;

        Load(URI root, String admin) {
            this.root = root;
            this.admin = admin;
            phase("steady");
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> run(client), "load-" + c);
                clients.add(thread);
                thread.start();
            }
        }

        void phase(String name) {
            Phase next = new Phase();
            phases.put(name, next);
            phase = next;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }

        private void run(int client) {
            for (int n = 0; running.get(); n++) {
                String username = "fault-" + client + "-" + n;
                String body = Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", "fault-password-" + n)
                        .add("role", "user")
                        .build()
                        .toString();
                int created = send("POST", "/api/v1/admin/users", body);
                if (created == 201 || created == 409) { // 409: a retry of a creation whose answer was lost
                    acknowledged.add(username);
                }
                send("GET", "/api/v1/me", null);
                send("GET", "/api/v1/dashboard/items?widget=painted/canvas", null);
            }
        }

        /**
         * Sends, and sends again (up to three times) what got no answer or a 502, 503 or 504; answers the status. Each
         * attempt counts in the phase it was made in, a failure in the phase it ended in.
         */
        private int send(String method, String path, String body) {
            phase.sent.incrementAndGet();
            HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + admin)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            int status = 0;
            for (int attempt = 0; attempt < 4; attempt++) {
                if (attempt > 0) {
                    sleep(500);
                    phase.retried.incrementAndGet();
                }
                Phase counted = phase;
                long started = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    if (status >= 400) {
                        String type =
                                response.headers().firstValue("Content-Type").orElse("");
                        counted.problemTypes.add(status + " " + type.replaceAll(";.*", ""));
                    }
                } catch (IOException | InterruptedException e) {
                    status = -1;
                }
                counted.slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                counted.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (status != -1 && status != 502 && status != 503 && status != 504) {
                    break;
                }
            }
            if (status < 200 || status >= 300 && status != 409) {
                phase.failed.incrementAndGet();
            }
            return status;
        }
    }

    @Test
    @Order(1)
    void underLoadAKilledInstanceAndARestartedDatabaseLoseNothing() throws Exception {
        String admin = api.adminToken();
        Load load = new Load(URI.create(api.request("/").build().uri().toString()), admin);
        Thread.sleep(4000);

        load.phase("one instance killed");
        second.kill();
        Thread.sleep(6000);

        load.phase("database stopped");
        database.stop();
        Thread.sleep(5000);

        load.phase("database started again");
        database.startAgain();
        Duration recovered = within(Duration.ofSeconds(30), "writes succeed again", () -> {
            long before = load.acknowledged.size();
            sleep(500);
            return load.acknowledged.size() > before;
        });
        load.phase("recovered");
        Thread.sleep(4000);
        load.stop();

        Set<String> stored = new HashSet<>();
        try (Connection db =
                        DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
                ResultSet rows = db.createStatement()
                        .executeQuery("select username from account where username like 'fault-%'")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        Set<String> lost = new HashSet<>(load.acknowledged);
        lost.removeAll(stored);

        System.out.println("[faults] " + CLIENTS + " clients through HAProxy, two instances, one MariaDB:");
        load.phases.forEach((name, phase) -> System.out.printf("[faults] %-24s %s%n", name, phase));
        System.out.printf(
                "[faults] writes acknowledged %d, stored %d, lost %d; writes answered again %.1f s after MariaDB"
                        + " was back%n",
                load.acknowledged.size(), stored.size(), lost.size(), recovered.toNanos() / 1e9);
        System.out.println("[faults] error answers: "
                + load.phases.values().stream()
                        .flatMap(p -> p.problemTypes.stream())
                        .distinct()
                        .sorted()
                        .toList());

        assertEquals(Set.of(), lost, "every acknowledged write is stored");
        assertEquals(0, load.phases.get("steady").failed.get(), "no failure while all is well");
        assertTrue(
                load.phases.get("one instance killed").failed.get() <= CLIENTS,
                "only the requests on the killed instance may fail: " + load.phases.get("one instance killed"));
        Phase outage = load.phases.get("database stopped");
        assertTrue(outage.status(503) > 0, "503 during the outage: " + outage);
        for (Phase phase : load.phases.values()) {
            assertEquals(0, phase.status(500), "never a 500: " + phase);
            assertTrue(phase.slowest.get() < 10_000, "no hang: " + phase);
        }
        // Hearth answers every error as a problem; an HTML 502 or 504 is the balancer's own page
        assertTrue(
                load.phases.values().stream()
                        .flatMap(p -> p.problemTypes.stream())
                        .allMatch(t -> t.endsWith("application/problem+json") || t.matches("50[24] text/html")),
                "every error answer of Hearth's is a problem");
        assertEquals(
                0, load.phases.get("recovered").failed.get(), "recovered by itself: " + load.phases.get("recovered"));
    }

    @Test
    @Order(2)
    void eachUpstreamFaultStaysInItsOwnWidgetWithItsOwnStatus() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("hang", "timeout");
        expected.put("server-error", "error");
        expected.put("garbage", "error");
        expected.put("trickle", "timeout");
        expected.put("revoked", "expired");
        for (String fault : expected.keySet()) {
            String user = "upstream-" + fault;
            String token = api.linkedUser(user, upstream, user);
            String upstreamToken = user + "-token";
            switch (fault) {
                case "hang" -> upstream.fail(upstreamToken, FakeUpstream.Fault.HANG);
                case "server-error" -> upstream.fail(upstreamToken, FakeUpstream.Fault.SERVER_ERROR);
                case "garbage" -> upstream.answerWith(upstreamToken, "[{\"id\": \"17\", \"title\": ");
                case "trickle" -> upstream.fail(upstreamToken, FakeUpstream.Fault.TRICKLE);
                default -> upstream.revoke(upstreamToken);
            }
            long started = System.nanoTime();
            Api.Reply reply = api.get("/api/v1/dashboard/items?widget=linked/items&widget=painted/canvas", token);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, reply.status(), reply::toString);
            Map<String, JsonObject> widgets = new LinkedHashMap<>();
            reply.json()
                    .getJsonArray("widgets")
                    .forEach(w -> widgets.put(w.asJsonObject().getString("id"), w.asJsonObject()));
            JsonObject faulty = widgets.get("linked/items");
            System.out.printf(
                    "[faults] upstream %-12s -> linked/items %-8s (%s), painted/canvas %s, in %d ms%n",
                    fault,
                    faulty.getString("status"),
                    faulty.getString("message", ""),
                    widgets.get("painted/canvas").getString("status"),
                    millis);
            assertEquals(expected.get(fault), faulty.getString("status"), faulty::toString);
            assertEquals("ok", widgets.get("painted/canvas").getString("status"), "the other plugin answers");
            assertTrue(millis < 3000 + 1500, "within the deadline: " + millis + " ms");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
