package dev.hearth.it;

import static dev.hearth.it.Eventually.eventually;
import static dev.hearth.it.Eventually.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.embedded.EmbeddedDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances of Hearth as a cluster: Payara's data grid on loopback ({@code HEARTH_CLUSTER_MEMBERS}), one MariaDB
 * of their own (not either instance's embedded one, so that killing an instance leaves it running), one fake upstream.
 * What one instance does, the other knows at once; the last test kills the poller's instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static EmbeddedDatabase database;
    private static FakeUpstream upstream;
    private static HearthServer first;
    private static HearthServer second;
    private static int firstGrid;
    private static Api onFirst;
    private static Api onSecond;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        Path work = Path.of(System.getProperty("hearth.it.dir", "target/it"))
                .resolve("cluster-" + System.currentTimeMillis());
        database = EmbeddedDatabase.start(Files.createDirectories(work.resolve("database")));
        upstream = new FakeUpstream();
        firstGrid = HearthServer.freePort();
        int secondGrid = HearthServer.freePort();
        Map<String, String> shared = Clusters.settings(database, firstGrid, secondGrid);
        shared.put("HEARTH_NOTIFICATIONS_TICK", "PT1S");
        shared.put("HEARTH_NOTIFICATIONS_MIN_INTERVAL", "PT1S");
        // slowpoke/hang: a request that stays in flight for the deadline (the graceful stop)
        shared.put("HEARTH_PLUGIN_SLOWPOKE_URL", upstream.uri().toString());
        shared.put("HEARTH_DASHBOARD_DEADLINE", "PT3S");
        first = new HearthServer(work.resolve("first"), Clusters.with(shared, "HEARTH_CLUSTER_PORT", firstGrid));
        Map<String, String> json = Clusters.with(shared, "HEARTH_LOG_FORMAT", "json"); // for a log shipper
        second = new HearthServer(work.resolve("second"), Clusters.with(json, "HEARTH_CLUSTER_PORT", secondGrid));
        SharedHearth.writePlugins(first.pluginDir());
        SharedHearth.writePlugins(second.pluginDir());
        first.start(); // the first to start takes the poller's lease
        second.start();
        onFirst = new Api(first);
        onSecond = new Api(second);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable each : new AutoCloseable[] {second, first, upstream}) {
            if (each != null) {
                each.close();
            }
        }
        if (database != null) {
            database.stop();
        }
    }

    @Test
    @Order(1)
    void theInstancesFormOneDataGrid() throws Exception {
        assertTrue(first.log().contains("Cluster: joined Payara's data grid: cluster 'hearth'"), "the first joins");
        assertTrue(second.log().contains("cluster 'hearth', 2 member(s)"), "the second finds the first");
        for (String line : second.log().lines().filter(l -> !l.isEmpty()).toList()) {
            JsonObject event = Json.createReader(new java.io.StringReader(line)).readObject();
            assertTrue(event.containsKey("Level") && event.containsKey("LoggerName"), line);
        }
        for (Api api : List.of(onFirst, onSecond)) {
            JsonObject cluster = check(api, "cluster");
            assertEquals("UP", cluster.getString("status"), cluster::toString);
            assertEquals("2", Api.text(cluster.getJsonObject("data"), "members"), cluster::toString);
        }
        // the data grid listens on the interface it was given (loopback here), on no other address of the machine
        for (var network : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress()) {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(address, firstGrid), 1000);
                        throw new AssertionError("the data grid answers on " + address);
                    } catch (IOException refused) {
                        // as it should
                    }
                }
            }
        }
    }

    @Test
    @Order(2)
    void signingOutOnOneInstanceEndsTheSessionOnTheOtherAtOnce() throws Exception {
        onFirst.createUser("cluster-sally", "cluster-sally-password", "user");
        String token = onFirst.token("cluster-sally", "cluster-sally-password");
        assertEquals(200, onSecond.get("/api/v1/me", token).status(), "the second remembers the session alive");

        assertEquals(
                204, onFirst.send("POST", "/api/v1/auth/logout", token, null).status());

        Duration took = within(
                Duration.ofSeconds(4), // the second would believe its memory of the session for 5 s
                "the second refuses the signed-out token",
                () -> status(onSecond, "/api/v1/me", token) == 401);
        System.out.printf("[cluster] sign-out on one instance refused on the other after %d ms%n", took.toMillis());
    }

    @Test
    @Order(3)
    void failedSignInsCountOnAllInstancesTogether() throws Exception {
        onFirst.createUser("cluster-tom", "cluster-tom-password", "user");
        // Five failures are free, then each holds the user up (1 s, 2 s, ...). Counted per instance, alternating
        // attempts would meet the first hold-up at the twelfth at the earliest; counted together, at the seventh, or
        // the eighth if the seventh came after the first second.
        Api.Reply reply = null;
        int attempt = 0;
        while (attempt < 12) {
            attempt++;
            reply = (attempt % 2 == 0 ? onSecond : onFirst).login("cluster-tom", "wrong-" + attempt);
            if (reply.status() != 401) {
                break;
            }
        }
        assertEquals(429, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertTrue(attempt <= 8, "held up at attempt " + attempt + ": the instances count together");
    }

    @Test
    @Order(4)
    void aPluginDisabledOnOneInstanceIsDisabledOnTheOther() throws Exception {
        String admin = onFirst.adminToken();
        assertEquals("running", state(onSecond, admin, "hello"));

        Api.Reply disabled = onFirst.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled::toString);
        within(Duration.ofSeconds(5), "disabled on the second", () -> "disabled"
                .equals(state(onSecond, admin, "hello")));

        onSecond.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":true}");
        within(Duration.ofSeconds(5), "enabled again on the first", () -> "running"
                .equals(state(onFirst, admin, "hello")));
    }

    @Test
    @Order(5)
    void aWidgetIsLoadedOncePerIntervalForTheWholeCluster() throws Exception {
        String token = onFirst.linkedUser("cluster-wanda", upstream, "Wanda");
        ExecutorService tabs = Executors.newFixedThreadPool(8);
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Api api = i % 2 == 0 ? onFirst : onSecond;
            answers.add(tabs.submit(() -> api.widget(token, "linked/items")));
        }
        for (Future<JsonObject> answer : answers) {
            JsonObject widget = answer.get(30, TimeUnit.SECONDS);
            assertEquals("ok", widget.getString("status"), widget::toString);
        }
        tabs.shutdown();
        assertEquals(1, upstream.itemCalls("cluster-wanda-token"), "eight loads on two instances, one upstream call");
        assertEquals("ok", onSecond.widget(token, "linked/items").getString("status"));
        assertEquals(1, upstream.itemCalls("cluster-wanda-token"), "and the cached result on both");

        // what the shared cache costs: loaded on one instance, found in the data grid by the other, then in its memory
        String walt = onFirst.linkedUser("cluster-walt", upstream, "Walt");
        long[] millis = new long[3];
        Api[] order = {onFirst, onSecond, onSecond};
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertEquals("ok", order[i].widget(walt, "linked/items").getString("status"));
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        assertEquals(1, upstream.itemCalls("cluster-walt-token"));
        System.out.printf(
                "[cluster] a widget loaded on one instance in %d ms (upstream call included), found in the data grid"
                        + " by the other in %d ms, then in its own memory in %d ms; eight loads on two instances at"
                        + " once: one upstream call%n",
                millis[0], millis[1], millis[2]);
    }

    @Test
    @Order(6)
    void aNotificationPolledOnOneInstanceReachesAStreamOnTheOther() throws Exception {
        assertTrue(first.log().contains("holds the lease and polls"), "the first instance polls");
        upstream.notify("cluster-nina-token", "nina-1", "Alice mentioned you in Design review");
        String token = onFirst.linkedUser("cluster-nina", upstream, "Nina");
        eventually("the first notification", () -> count(onSecond, token) == 1);

        HttpResponse<Stream<String>> stream = onSecond.openEvents(token);
        Iterator<String> lines = stream.body().iterator();
        assertEquals("event: unread", Api.nextLine(lines, l -> l.startsWith("event:")));

        long sent = System.nanoTime();
        upstream.notify("cluster-nina-token", "nina-2", "Bob assigned you Quarterly report");

        assertEquals("event: notification", Api.nextLine(lines, l -> l.startsWith("event:")));
        assertTrue(Api.nextLine(lines, l -> l.startsWith("data:")).contains("Bob assigned you Quarterly report"));
        System.out.printf(
                "[cluster] a notification polled on one instance reached a stream on the other after %d ms"
                        + " (polled every second)%n",
                (System.nanoTime() - sent) / 1_000_000);
        stream.body().close();
    }

    @Test
    @Order(7)
    void whenThePollingInstanceIsKilledTheOtherTakesOverWithNothingLostOrDoubled() throws Exception {
        String token = onSecond.linkedUser("cluster-kurt", upstream, "Kurt");
        upstream.notify("cluster-kurt-token", "kurt-1", "Before the crash");
        eventually("the first notification", () -> count(onSecond, token) == 1);

        first.kill();
        upstream.notify("cluster-kurt-token", "kurt-2", "During the takeover");

        Duration takeover = within(
                Duration.ofSeconds(30),
                "the second instance polls",
                () -> log(second).contains("this instance (") && count(onSecond, token) == 2);
        upstream.notify("cluster-kurt-token", "kurt-3", "After the takeover");
        eventually("the third notification", () -> count(onSecond, token) == 3);
        Thread.sleep(3000); // three more polls of the same feed
        assertEquals(3, count(onSecond, token), "each notification once");
        System.out.printf(
                "[cluster] the surviving instance polled %.1f s after the other was killed (its lease: 2 ticks + 5 s)%n",
                takeover.toNanos() / 1e9);
    }

    @Test
    @Order(8)
    void theKilledInstanceStartsAgainThoughItDiedWhileMigrating() throws Exception {
        // as if it had been killed in the middle of a migration: Liquibase's lock still marked as its own
        try (Connection db =
                        DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
                Statement statement = db.createStatement()) {
            assertEquals(
                    1,
                    statement.executeUpdate("update DATABASECHANGELOGLOCK set locked = 1, lockgranted = now(),"
                            + " lockedby = 'killed-instance (127.0.0.1)' where id = 1"));
        }

        first.start();

        assertTrue(
                first.log().contains("Released the schema migration lock that killed-instance (127.0.0.1) took"),
                "the stale lock is released, not waited for");
        within(Duration.ofSeconds(10), "both see two members again", () -> {
            try {
                return Api.text(check(onFirst, "cluster").getJsonObject("data"), "members")
                                .equals("2")
                        && Api.text(check(onSecond, "cluster").getJsonObject("data"), "members")
                                .equals("2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("[cluster] the killed instance started again in %.1f s%n", first.lastStartSeconds);
    }

    @Test
    @Order(9)
    void instancesWaitingTogetherForTheLeaseRowTakeTurns() throws Exception {
        String token = onFirst.linkedUser("cluster-lena", upstream, "Lena");
        long[] ends = {first.logLength(), second.logLength()};
        try (Connection db =
                        DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
                Statement statement = db.createStatement()) {
            db.setAutoCommit(false);
            String holder = holder(statement, " for update");
            within(Duration.ofSeconds(10), "both instances' rounds queued behind the row's lock", () -> {
                try (Connection other = DriverManager.getConnection(
                                database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
                        ResultSet waiting = other.createStatement()
                                .executeQuery("select count(*) from information_schema.processlist"
                                        + " where info like '%into job_lease%' and id <> connection_id()")) {
                    waiting.next();
                    return waiting.getInt(1) >= 2;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            db.commit(); // let go together
            upstream.notify("cluster-lena-token", "lena-1", "After the queue");
            eventually("the notification", () -> count(onFirst, token) == 1);
            assertEquals(holder, holder(statement, ""), "the holder keeps the lease");
        }
        String failed = "The notification poller failed this round";
        for (int i = 0; i < 2; i++) {
            String since = (i == 0 ? first : second).logSince(ends[i]);
            assertFalse(
                    since.contains(failed),
                    () -> since.substring(
                            since.indexOf(failed), Math.min(since.length(), since.indexOf(failed) + 3000)));
        }
    }

    @Test
    @Order(10)
    void aStoppingInstanceFinishesItsRequestsRefusesNewOnesAndHandsOverThePoller() throws Exception {
        onFirst.createUser("cluster-stella", "cluster-stella-password", "user");
        String token = onSecond.token("cluster-stella", "cluster-stella-password");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> stream = onSecond.openEvents(token);
        Iterator<String> lines = stream.body().iterator();
        assertEquals("event: unread", Api.nextLine(lines, l -> l.startsWith("event:")));
        int hangs = upstream.hangCalls();
        var inFlight = client.sendAsync(
                onSecond.request("/api/v1/dashboard/items?widget=slowpoke/hang")
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        within(
                Duration.ofSeconds(10),
                "the request in flight, waiting for its widget's deadline (3 s)",
                () -> upstream.hangCalls() > hangs);

        var stopped = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                second.stop(); // SIGTERM
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        within(Duration.ofSeconds(2), "new requests refused while it drains", () -> {
            try {
                Api.Reply refused = onSecond.get("/api/v1/me", token);
                return refused.status() == 503
                        && refused.json().getString("code").equals("stopping");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, finished.statusCode(), "the request in flight was answered: " + finished.body());
        assertTrue(finished.body().contains("\"status\":\"timeout\""), finished.body());
        assertEquals(
                "retry: 1000", Api.nextLine(lines, l -> l.startsWith("retry:")), "the stream says when to reconnect");
        assertEquals(
                null, Api.nextLine(lines, l -> l.startsWith("event: end")), "no end event: it reconnects elsewhere");
        stopped.get(60, TimeUnit.SECONDS);
        String log = second.log();
        assertTrue(log.contains("Stopping: refusing new requests"), () -> "drained:\n" + HearthServer.tail(log));
        assertTrue(log.contains("poller's lease given up"), () -> "lease given up:\n" + HearthServer.tail(log));
        Duration takeover = within(
                Duration.ofSeconds(5),
                "the first instance polls at its next tick",
                () -> log(first).lastIndexOf("holds the lease and polls")
                        > log(first).lastIndexOf("another instance holds"));
        System.out.printf(
                "[cluster] graceful stop: the request in flight answered, new ones 503, the poller moved within %.1f s%n",
                takeover.toNanos() / 1e9);
    }

    private static String holder(Statement statement, String lock) throws SQLException {
        try (ResultSet row =
                statement.executeQuery("select holder from job_lease where name = 'notification-poller'" + lock)) {
            assertTrue(row.next(), "the poller's lease row");
            return row.getString(1);
        }
    }

    private static JsonObject check(Api api, String name) throws Exception {
        JsonObject health = Json.createReader(new java.io.StringReader(
                        api.send(api.request("/health/ready").GET().build()).body()))
                .readObject();
        return health.getJsonArray("checks").stream()
                .map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    private static String state(Api api, String admin, String plugin) {
        try {
            return api.get("/api/v1/admin/plugins/" + plugin, admin).json().getString("state");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(Api api, String path, String token) {
        try {
            return api.get(path, token).status();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Api api, String token) {
        try {
            return api.get("/api/v1/notifications", token)
                    .json()
                    .getJsonArray("notifications")
                    .size();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String log(HearthServer server) {
        try {
            return server.log();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
