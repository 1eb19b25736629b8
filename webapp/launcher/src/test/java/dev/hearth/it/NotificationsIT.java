package dev.hearth.it;

import static dev.hearth.it.Eventually.eventually;
import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(9)
@ExtendWith(SharedHearth.class)
class NotificationsIT {

    private final Api api = SharedHearth.api();
    private final FakeUpstream upstream = SharedHearth.upstream();

    /** A connected user whose upstream feed holds two notifications. */
    private String notifiedUser(String name) throws Exception {
        upstream.notify(name + "-token", name + "-1", "Alice mentioned you in Design review");
        upstream.notify(name + "-token", name + "-2", "Bob assigned you Quarterly report");
        return api.linkedUser(name, upstream, name);
    }

    private List<JsonObject> notifications(String token) throws Exception {
        Api.Reply reply = api.get("/api/v1/notifications", token);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("notifications").stream()
                .map(JsonValue::asJsonObject)
                .toList();
    }

    private BooleanSupplier count(String token, int expected) {
        return () -> {
            try {
                return notifications(token).size() == expected;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void notificationsArriveInTheBackgroundOncePerExternalId() throws Exception {
        String user = notifiedUser("notified");

        eventually("two notifications", count(user, 2));
        int polls = upstream.feedCalls("notified-token");
        eventually("three more polls of the same feed", () -> upstream.feedCalls("notified-token") >= polls + 3);

        List<JsonObject> notes = notifications(user);
        assertEquals(2, notes.size(), "the feed answers both every time; Hearth keeps one of each");
        JsonObject newest = notes.get(0);
        assertEquals("Bob assigned you Quarterly report", newest.getString("title"));
        assertEquals("Alice", newest.getString("actor"));
        assertEquals("linked", newest.getString("pluginId"));
        assertEquals(upstream.uri() + "/n/notified-2", newest.getString("link"));
        assertFalse(newest.getBoolean("read"));
        assertEquals(2, api.get("/api/v1/notifications", user).json().getInt("unreadCount"));
    }

    @Test
    void aNewNotificationArrivesLiveOnTheStream() throws Exception {
        String user = notifiedUser("live");
        eventually("the first two", count(user, 2));
        HttpResponse<Stream<String>> stream = api.openEvents(user);
        Iterator<String> lines = stream.body().iterator();
        assertEquals("event: unread", Api.nextLine(lines, l -> l.startsWith("event:")));
        assertTrue(Api.nextLine(lines, l -> l.startsWith("data:")).contains("\"unread\":2"));

        upstream.notify("live-token", "live-3", "Carol commented on Budget");

        assertEquals("event: notification", Api.nextLine(lines, l -> l.startsWith("event:")));
        assertTrue(Api.nextLine(lines, l -> l.startsWith("data:")).contains("Carol commented on Budget"));
        stream.body().close();
    }

    @Test
    void aUserHasAtMostFiveStreamsAndANewOneEndsTheOldest() throws Exception {
        String user = notifiedUser("tabs");
        List<Iterator<String>> tabs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Iterator<String> lines = api.openEvents(user).body().iterator();
            assertEquals("event: unread", Api.nextLine(lines, l -> l.startsWith("event:")));
            tabs.add(lines);
        }

        assertEquals("event: end", Api.nextLine(tabs.get(0), l -> l.equals("event: end")), "the oldest ends");
        assertTrue(Api.nextLine(tabs.get(0), l -> l.startsWith("data:")).contains("too_many_streams"));
        assertEquals(null, Api.nextLine(tabs.get(0), l -> !l.isBlank()), "and closes: nothing more before the end");
    }

    @Test
    void aStreamEndsWhenItsSessionDoes() throws Exception {
        String user = notifiedUser("leaver");
        Iterator<String> lines = api.openEvents(user).body().iterator();
        assertEquals("event: unread", Api.nextLine(lines, l -> l.startsWith("event:")));

        assertEquals(204, api.send("POST", "/api/v1/auth/logout", user, null).status());

        assertEquals("event: end", Api.nextLine(lines, l -> l.equals("event: end")), "ended at the next session check");
        assertTrue(Api.nextLine(lines, l -> l.startsWith("data:")).contains("session_ended"));
    }

    @Test
    void aStreamOpenedWithAnApiTokenEndsWhenTheTokenIsDeleted() throws Exception {
        String session = notifiedUser("scripted");
        JsonObject pat = api.send(
                        "POST", "/api/v1/me/tokens", session, "{\"name\":\"watcher\",\"scopes\":[\"api_read\"]}")
                .json();
        Iterator<String> lines = api.openEvents(pat.getString("token")).body().iterator();
        assertEquals("event: unread", Api.nextLine(lines, l -> l.startsWith("event:")));

        assertEquals(
                204,
                api.send("DELETE", "/api/v1/me/tokens/" + pat.getJsonNumber("id"), session, null)
                        .status());

        assertEquals("event: end", Api.nextLine(lines, l -> l.equals("event: end")), "ended at the next session check");
        assertTrue(Api.nextLine(lines, l -> l.startsWith("data:")).contains("session_ended"));
    }

    @Test
    void readReadAllAndDismissEachMarksReadUpstream() throws Exception {
        String user = notifiedUser("reader");
        eventually("two notifications", count(user, 2));
        List<JsonObject> notes = notifications(user);
        long first = notes.get(0).getJsonNumber("id").longValue();
        long second = notes.get(1).getJsonNumber("id").longValue();

        assertEquals(
                204,
                api.send("POST", "/api/v1/notifications/" + first + "/read", user, null)
                        .status());
        assertEquals(1, api.get("/api/v1/notifications", user).json().getInt("unreadCount"));
        assertEquals(
                1,
                api.get("/api/v1/notifications?unread=true", user)
                        .json()
                        .getJsonArray("notifications")
                        .size());

        assertEquals(
                204,
                api.send("DELETE", "/api/v1/notifications/" + second, user, null)
                        .status());
        eventually(
                "reading one and dismissing the other marks both read upstream, after the answers",
                () -> upstream.markedRead.containsAll(List.of("reader-token:reader-1", "reader-token:reader-2")));
        List<JsonObject> left = notifications(user);
        assertEquals(1, left.size());
        assertTrue(left.get(0).getBoolean("read"));
        Thread.sleep(2500); // a few more polls: a dismissed notification does not come back
        assertEquals(1, notifications(user).size());

        assertEquals(
                204,
                api.send("POST", "/api/v1/notifications/read-all", user, null).status());
        assertEquals(0, api.get("/api/v1/notifications", user).json().getInt("unreadCount"));
    }

    @Test
    void nobodyReadsOrTouchesAnotherUsersNotifications() throws Exception {
        String owner = notifiedUser("owner");
        eventually("two notifications", count(owner, 2));
        long id = notifications(owner).get(0).getJsonNumber("id").longValue();
        api.createUser("snoop", "snoop-password", "user");
        String snoop = api.token("snoop", "snoop-password");

        assertEquals(0, notifications(snoop).size());
        assertProblem(
                api.send("POST", "/api/v1/notifications/" + id + "/read", snoop, null), 404, "notification_not_found");
        assertProblem(api.send("DELETE", "/api/v1/notifications/" + id, snoop, null), 404, "notification_not_found");
        assertEquals(2, notifications(owner).size());
        assertFalse(notifications(owner).get(0).getBoolean("read"));
        assertProblem(api.send("DELETE", "/api/v1/notifications/abc", snoop, null), 404, "notification_not_found");
        assertProblem(api.get("/api/v1/notifications?limit=lots", snoop), 400, "validation_failed");
    }

    @Test
    void aSecondInstanceOnTheSameDatabaseLeavesPollingToTheLeaseHolder() throws Exception {
        HearthServer first = SharedHearth.server();
        Path work = Path.of(System.getProperty("hearth.it.dir", "target/it"))
                .resolve("second-" + System.currentTimeMillis());
        try (HearthServer second = new HearthServer(
                work,
                Map.ofEntries(
                        Map.entry("HEARTH_DB_URL", first.databaseUrl()),
                        Map.entry("HEARTH_DB_USER", "hearth"),
                        Map.entry("HEARTH_DB_PASSWORD", first.databasePassword()),
                        Map.entry("HEARTH_ENCRYPTION_KEY", first.encryptionKey()),
                        Map.entry("HEARTH_ALLOWED_HOSTS", "127.0.0.1"),
                        Map.entry("HEARTH_ALLOWED_PORTS", "1024-65535"),
                        Map.entry("HEARTH_NOTIFICATIONS_TICK", "PT1S"),
                        Map.entry("HEARTH_NOTIFICATIONS_MIN_INTERVAL", "PT1S"),
                        Map.entry("HEARTH_PLUGIN_OAUTHY_URL", upstream.uri().toString()),
                        Map.entry("HEARTH_PLUGIN_OAUTHY_CLIENTID", FakeUpstream.CLIENT_ID),
                        Map.entry("HEARTH_PLUGIN_OAUTHY_CLIENTSECRET", FakeUpstream.CLIENT_SECRET),
                        Map.entry("HEARTH_PLUGIN_SLOWPOKE_URL", upstream.uri().toString())))) {
            SharedHearth.writePlugins(second.pluginDir());
            second.start();
            Thread.sleep(5000); // five ticks of both pollers

            assertTrue(second.log().contains("with the external database jdbc:mariadb://127.0.0.1:"));
            assertTrue(second.log().contains("another instance holds the lease"), "the second instance waits");
            assertFalse(second.log().contains("this instance ("), "and never polls");
            String holder;
            try (Connection db = first.database();
                    ResultSet row = db.createStatement()
                            .executeQuery("select holder from job_lease where name = 'notification-poller'")) {
                row.next();
                holder = row.getString(1);
            }
            assertTrue(first.log().contains("this instance (" + holder + ") holds the lease"), holder);

            Api secondApi = new Api(second);
            String token = secondApi.adminToken();
            assertEquals(200, api.get("/api/v1/me", token).status(), "a token from one instance is good on the other");

            // An expired OAuth token, used on both instances at once, is refreshed once between them.
            String user = oauthUserWithExpiredToken("twice-o");
            int refreshes = upstream.refreshes();
            ExecutorService clients = Executors.newFixedThreadPool(20);
            List<Future<Api.Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Api instance = i % 2 == 0 ? api : secondApi;
                replies.add(
                        clients.submit(() -> instance.get("/api/v1/search?term=report&provider=oauthy/docs", user)));
            }
            for (Future<Api.Reply> reply : replies) {
                assertEquals(
                        "ok",
                        reply.get()
                                .json()
                                .getJsonArray("providers")
                                .getJsonObject(0)
                                .getString("status"));
            }
            clients.shutdown();
            assertEquals(refreshes + 1, upstream.refreshes(), "one refresh across both instances");
        }
    }

    /** A user connected through OAuth whose access token has just expired. */
    private String oauthUserWithExpiredToken(String name) throws Exception {
        api.createUser(name, name + "-password", "user");
        String token = api.token(name, name + "-password");
        upstream.consentingUser = name;
        upstream.codeTokenLifetime = 1;
        URI authorize = URI.create(api.send("POST", "/api/v1/connections/oauthy", token, "{\"flow\":\"oauth2\"}")
                .json()
                .getString("authorizeUrl"));
        HttpResponse<String> redirect = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()
                .send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
        URI back = URI.create(redirect.headers().firstValue("location").orElseThrow());
        assertEquals(
                303,
                api.send(api.request(back.getRawPath() + "?" + back.getRawQuery())
                                .header("Cookie", "hearth_session=" + token)
                                .GET()
                                .build())
                        .status());
        upstream.codeTokenLifetime = 3600;
        Thread.sleep(1500);
        return token;
    }
}
