package dev.hearth.it;

import static dev.hearth.it.Eventually.eventually;
import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundled Nextcloud Talk plugin end to end: Hearth on Payara Micro with MariaDB, against {@link FakeNextcloud}
 * (the plugin's {@code url} setting points there through {@code HEARTH_PLUGIN_NEXTCLOUD_TALK_URL}).
 */
@Order(12)
@ExtendWith(SharedHearth.class)
class TalkIT {

    private static final String WIDGET = "nextcloud-talk/recent-chats";

    private final Api api = SharedHearth.api();
    private final FakeNextcloud nextcloud = SharedHearth.nextcloud();

    @AfterEach
    void healUpstream() {
        nextcloud.clearFaults();
        nextcloud.up();
    }

    private String user(String name) throws Exception {
        return TalkAccounts.user(api, name);
    }

    private Api.Reply poll(String token, String pollId) throws Exception {
        return TalkAccounts.poll(api, token, pollId);
    }

    private String connected(String name, String displayName) throws Exception {
        return TalkAccounts.connected(api, nextcloud, name, displayName);
    }

    private JsonObject talk(String token) throws Exception {
        return api.connection(token, "nextcloud-talk");
    }

    private JsonObject widget(String token) throws Exception {
        return api.widget(token, WIDGET);
    }

    private Api.Reply rooms(String token, String query) throws Exception {
        return api.get("/api/v1/plugins/nextcloud-talk/rooms" + query, token);
    }

    private String credentialColumn(String username) throws Exception {
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.credential from connection c join account a"
                                + " on a.id = c.account_id where c.plugin_id = 'nextcloud-talk' and a.username = '"
                                + username + "'")) {
            assertTrue(row.next());
            return row.getString(1);
        }
    }

    @Test
    void loginFlowV2ConnectsAsTheNextcloudDisplayNameAndKeepsTheAppPasswordEncrypted() throws Exception {
        String token = user("talk-alice");
        nextcloud.addUser("talk-alice", "Alice Talk");
        JsonObject flows = talk(token);
        assertEquals("not_connected", flows.getString("status"));
        assertEquals(
                "login-flow-v2", flows.getJsonArray("flows").getJsonObject(0).getString("type"));
        assertEquals(
                "Connect with Nextcloud",
                flows.getJsonArray("flows").getJsonObject(0).getString("label"));
        JsonObject german = api
                .send(api.request("/api/v1/connections")
                        .header("Authorization", "Bearer " + token)
                        .header("Accept-Language", "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7")
                        .GET()
                        .build())
                .array()
                .stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals("nextcloud-talk"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "Mit Nextcloud verbinden",
                german.getJsonArray("flows").getJsonObject(0).getString("label"),
                "the first language Hearth speaks, in the reader's order of preference");

        JsonObject started = api.send(
                        "POST", "/api/v1/connections/nextcloud-talk", token, "{\"flow\":\"login-flow-v2\"}")
                .json();
        assertTrue(
                started.getString("loginUrl").startsWith(nextcloud.uri() + "/index.php/login/v2/flow/"),
                started::toString);
        assertEquals("pending", poll(token, started.getString("pollId")).json().getString("status"));

        nextcloud.grantLogin(started.getString("loginUrl"), "talk-alice");
        Api.Reply connected = poll(token, started.getString("pollId"));

        assertEquals(201, connected.status(), connected::toString);
        JsonObject connection = talk(token);
        assertEquals("connected", connection.getString("status"));
        assertEquals("Alice Talk", connection.getString("accountName"));
        assertEquals(nextcloud.uri().toString(), connection.getString("instanceUrl"));
        assertTrue(nextcloud
                .lastHeaders("/ocs/v2.php/cloud/user")
                .get("authorization")
                .startsWith("Basic "));
        String stored = credentialColumn("talk-alice");
        assertTrue(stored.startsWith("b2:v1:"), "sealed with the current key");
        assertFalse(
                stored.contains("talk-alice") || stored.contains("appPassword") || stored.contains("Basic"),
                "neither login name nor app password in plain text: " + stored);
        assertFalse(connected.toString().contains("appPassword"), "the app password never reaches the browser");
    }

    @Test
    void theWidgetShowsTheThreeLatestConversationsWithoutTheChangelog() throws Exception {
        String token = connected("talk-wendy", "Wendy Widget");
        nextcloud.rooms("talk-wendy", TalkAccounts.mixedRooms("talk-wendy", "Wendy Widget"));

        JsonObject widget = widget(token);

        assertEquals("ok", widget.getString("status"), widget::toString);
        assertEquals(7, widget.getInt("totalBadge"), "4 + 0 + 1 + 0 + 2: every conversation but the changelog");
        List<JsonObject> items = widget.getJsonArray("items").stream()
                .map(JsonValue::asJsonObject)
                .toList();
        assertEquals(
                List.of("alpha123", "bob12345", "testers1"),
                items.stream().map(i -> i.getString("id")).toList());
        assertEquals(
                List.of("Project Alpha", "Bob Test", "Testers (group)"),
                items.stream().map(i -> i.getString("title")).toList());
        assertEquals(
                List.of(
                        "Carol Test: @Wendy Widget please check budget.xlsx",
                        "Bob Test: Are we still within the 10k limit? \ud83d\udcb6",
                        "Carol Test added Bob Test"),
                items.stream().map(i -> i.getString("subtitle")).toList());
        assertEquals(
                List.of(4, 0, 1), items.stream().map(i -> i.getInt("badge")).toList());
        assertEquals(nextcloud.uri() + "/index.php/call/alpha123", items.get(0).getString("link"));
        long alphaActivity = nextcloud.rooms("talk-wendy").get(1).lastActivity();
        assertEquals(
                Instant.ofEpochSecond(alphaActivity), Instant.parse(items.get(0).getString("timestamp")));
        assertEquals(
                nextcloud.uri() + "/index.php/apps/spreed/",
                widget.getJsonArray("buttons").getJsonObject(0).getString("link"));

        assertTrue(
                nextcloud.requestsOf("GET /ocs/v2.php/apps/spreed/api/v4/room").stream()
                        .allMatch(r -> r.contains("noStatusUpdate=1")),
                "polling never marks the user online");
        Map<String, String> headers = nextcloud.lastHeaders("/ocs/v2.php/apps/spreed/api/v4/room");
        assertEquals("true", headers.get("ocs-apirequest"));
        assertTrue(headers.get("accept").contains("application/json"), headers::toString);
        assertTrue(headers.get("authorization").startsWith("Basic "));

        JsonObject widgets = api.get("/api/v1/dashboard/widgets", token).json();
        JsonObject info = widgets.getJsonArray("widgets").stream()
                .map(JsonValue::asJsonObject)
                .filter(w -> w.getString("id").equals(WIDGET))
                .findFirst()
                .orElseThrow();
        assertEquals("Nextcloud Talk", info.getString("title"));
        assertEquals(30, info.getInt("reloadInterval"), info::toString);
    }

    @Test
    void theRoomsEndpointAnswersInTheShapeOfTheWidgetDesign() throws Exception {
        String token = connected("talk-rita", "Rita Rooms");
        nextcloud.rooms("talk-rita", TalkAccounts.mixedRooms("talk-rita", "Rita Rooms"));

        Api.Reply reply = rooms(token, "");

        assertEquals(200, reply.status(), reply::toString);
        JsonObject body = reply.json();
        assertTrue(body.getBoolean("success"));
        JsonObject data = body.getJsonObject("data");
        assertEquals(7, data.getInt("totalUnread"));
        assertEquals(3, data.getJsonArray("conversations").size());
        JsonObject alpha = data.getJsonArray("conversations").getJsonObject(0);
        assertEquals("alpha123", alpha.getString("token"));
        assertEquals("Project Alpha", alpha.getString("displayName"));
        assertEquals(4, alpha.getInt("unreadMessages"));
        assertEquals(3, alpha.getInt("type"));
        assertEquals(nextcloud.uri() + "/index.php/call/alpha123", alpha.getString("url"));
        long activity = alpha.getJsonNumber("lastActivity").longValue();
        JsonObject last = alpha.getJsonObject("lastMessage");
        assertEquals("@Rita Rooms please check budget.xlsx", last.getString("text"));
        assertEquals("Carol Test", last.getString("author"));
        assertEquals(activity, last.getJsonNumber("timestamp").longValue());

        assertEquals(
                5,
                rooms(token, "?limit=5")
                        .json()
                        .getJsonObject("data")
                        .getJsonArray("conversations")
                        .size());
        assertProblem(rooms(token, "?limit=0"), 400, "validation_failed");
        assertProblem(rooms(token, "?limit=lots"), 400, "validation_failed");
        assertProblem(api.get("/api/v1/plugins/nextcloud-talk/no-such-thing", token), 404, "not_found");
        assertProblem(api.get("/api/v1/plugins/no-such-plugin/rooms", token), 404, "plugin_not_found");
        assertProblem(api.get("/api/v1/plugins/nextcloud-talk/rooms", null), 401, "authentication_required");
    }

    @Test
    void withoutAConnectionTheEndpointSaysNextcloudNotConnectedAndTheWidgetOffersToConnect() throws Exception {
        String token = user("talk-nora");

        assertProblem(rooms(token, ""), 401, "nextcloud_not_connected");
        JsonObject widget = widget(token);
        assertEquals("not_connected", widget.getString("status"));
        assertTrue(widget.getString("message").contains("Nextcloud Talk"), widget::toString);
    }

    @Test
    void aRevokedAppPasswordExpiresTheConnection() throws Exception {
        String token = connected("talk-rex", "Rex Revoked");
        assertEquals(200, rooms(token, "").status());

        nextcloud.revokeAppPasswords("talk-rex");

        assertProblem(rooms(token, ""), 401, "connection_expired");
        assertEquals("expired", talk(token).getString("status"));
        int calls = nextcloud.requestsOf("GET /ocs/v2.php/apps/spreed").size();
        assertProblem(rooms(token, ""), 401, "connection_expired");
        assertEquals(
                calls,
                nextcloud.requestsOf("GET /ocs/v2.php/apps/spreed").size(),
                "an expired connection is not tried again until the user reconnects");
        assertEquals("expired", widget(token).getString("status"));
    }

    @Test
    void upstreamFaultsAre502AndLeaveTheConnectionAlone() throws Exception {
        String token = connected("talk-fay", "Fay Faults");
        for (FakeNextcloud.Fault fault :
                List.of(FakeNextcloud.Fault.SERVER_ERROR, FakeNextcloud.Fault.HTML, FakeNextcloud.Fault.GARBAGE)) {
            nextcloud.fault("/ocs/v2.php/apps/spreed", fault);
            assertProblem(rooms(token, ""), 502, "upstream_error");
        }
        nextcloud.clearFaults();
        nextcloud.down();
        assertProblem(rooms(token, ""), 502, "upstream_unreachable");
        JsonObject widget = widget(token);
        assertEquals("error", widget.getString("status"), widget::toString);
        nextcloud.up();
        assertEquals("connected", talk(token).getString("status"));
        assertEquals(200, rooms(token, "").status());
    }

    @Test
    void aNextcloudThatDoesNotAnswerTimesOut() throws Exception {
        String token = connected("talk-tim", "Tim Timeout");
        nextcloud.slowDelay(Duration.ofSeconds(15));
        nextcloud.fault("/ocs/v2.php/apps/spreed", FakeNextcloud.Fault.SLOW);

        JsonObject widget = widget(token);
        assertEquals("timeout", widget.getString("status"), "the dashboard's deadline, not the upstream's pace");
        assertProblem(rooms(token, ""), 502, "upstream_unreachable");
        assertEquals("connected", talk(token).getString("status"));
    }

    @Test
    void reconnectingAndDeletingTheUserRevokeTheAppPasswordsTheyRetire() throws Exception {
        String token = connected("talk-rita", "Rita Reconnect");
        int revokes =
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size();

        JsonObject again = api.send("POST", "/api/v1/connections/nextcloud-talk", token, "{\"flow\":\"login-flow-v2\"}")
                .json();
        nextcloud.grantLogin(again.getString("loginUrl"), "talk-rita");
        assertEquals(201, poll(token, again.getString("pollId")).status());
        assertEquals(
                revokes + 1,
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size(),
                "the app password of the first connection is revoked when the second replaces it");
        assertEquals("ok", widget(token).getString("status"), "the new one works");

        long id = api.get("/api/v1/me", token).json().getJsonNumber("id").longValue();
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/admin/users/" + id, api.adminToken(), null)
                        .status());
        assertEquals(
                revokes + 2,
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size(),
                "deleting the user revokes the app password of their connection");
    }

    @Test
    void anAppPasswordWhoseAccountCannotBeReadIsRevokedNotLeftLive() throws Exception {
        String token = TalkAccounts.user(api, "talk-vic");
        nextcloud.addUser("talk-vic", "Vic Verify");
        JsonObject started = api.send(
                        "POST", "/api/v1/connections/nextcloud-talk", token, "{\"flow\":\"login-flow-v2\"}")
                .json();
        nextcloud.grantLogin(started.getString("loginUrl"), "talk-vic");
        nextcloud.fault("/ocs/v2.php/cloud/user", FakeNextcloud.Fault.SERVER_ERROR); // the identity cannot be read
        int revokes =
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size();

        assertProblem(poll(token, started.getString("pollId")), 502, "upstream_error");

        assertEquals(
                revokes + 1,
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size(),
                "the app password Nextcloud handed out is revoked again");
        assertEquals("not_connected", talk(token).getString("status"));
    }

    @Test
    void disconnectingRevokesTheAppPasswordUpstream() throws Exception {
        String token = connected("talk-dora", "Dora Disconnect");
        int revokes =
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size();

        Api.Reply disconnected = api.send("DELETE", "/api/v1/connections/nextcloud-talk", token, null);

        assertEquals(200, disconnected.status(), disconnected::toString);
        assertTrue(disconnected.json().getBoolean("upstreamRevoked"));
        assertEquals(
                revokes + 1,
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size());
        Map<String, String> headers = nextcloud.lastHeaders("/ocs/v2.php/core/apppassword");
        assertEquals("true", headers.get("ocs-apirequest"));
        assertTrue(headers.get("authorization").startsWith("Basic "));
        assertEquals("not_connected", talk(token).getString("status"));
        assertProblem(rooms(token, ""), 401, "nextcloud_not_connected");
    }

    @Test
    void whenNextcloudIsUnreachableDisconnectingStillForgetsAndSaysSo() throws Exception {
        String token = connected("talk-una", "Una Unreachable");
        nextcloud.down();

        Api.Reply disconnected = api.send("DELETE", "/api/v1/connections/nextcloud-talk", token, null);

        assertEquals(200, disconnected.status(), disconnected::toString);
        assertFalse(disconnected.json().getBoolean("upstreamRevoked"));
        assertTrue(disconnected.json().getString("message").contains("could not be reached"), disconnected::toString);
        assertEquals("not_connected", talk(token).getString("status"));
    }

    @Test
    void searchFindsConversationsByName() throws Exception {
        String token = connected("talk-sam", "Sam Search");
        nextcloud.rooms("talk-sam", TalkAccounts.mixedRooms("talk-sam", "Sam Search"));

        JsonObject alpha = search(token, "ALPHA", "");
        assertEquals("ok", alpha.getString("status"), alpha::toString);
        assertEquals(1, alpha.getJsonArray("entries").size());
        JsonObject entry = alpha.getJsonArray("entries").getJsonObject(0);
        assertEquals("Project Alpha", entry.getString("title"));
        assertEquals("Carol Test: @Sam Search please check budget.xlsx", entry.getString("subline"));
        assertEquals(nextcloud.uri() + "/index.php/call/alpha123", entry.getString("link"));

        assertEquals(0, search(token, "updates", "").getJsonArray("entries").size(), "the changelog is left out");
        int calls = nextcloud.requestsOf("GET /ocs/v2.php/apps/spreed").size();
        List<String> pages = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 3; page++) {
            JsonObject answer = search(token, "e", "&limit=2" + cursor);
            answer.getJsonArray("entries")
                    .forEach(e -> pages.add(e.asJsonObject().getString("title")));
            cursor = answer.containsKey("cursor") && !answer.isNull("cursor")
                    ? "&cursor=" + answer.getString("cursor")
                    : null;
            if (cursor == null) {
                assertEquals(2, page, "three pages of two, two and one");
                break;
            }
        }
        assertEquals(
                List.of("Project Alpha", "Bob Test", "Testers (group)", "Note to self", "Dave (deleted)"),
                pages,
                "every conversation with an e, newest first, each once");
        assertEquals(
                calls,
                nextcloud.requestsOf("GET /ocs/v2.php/apps/spreed").size(),
                "typing and paging reuse the conversation list");
    }

    private JsonObject search(String token, String term, String more) throws Exception {
        Api.Reply reply = api.get("/api/v1/search?provider=nextcloud-talk/conversations&term=" + term + more, token);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("providers").getJsonObject(0);
    }

    @Test
    void talkNotificationsArriveAndDismissingDeletesThemInNextcloud() throws Exception {
        String token = connected("talk-nina", "Nina Notified");
        int chat = nextcloud.notify("talk-nina", "bob", "bob12345", "Bob Test", "Hi Nina, quick question");
        int mention = nextcloud.mention("talk-nina", "carol", "alpha123", "Project Alpha", "please review the draft");
        nextcloud.notifyOtherApp("talk-nina", "files_sharing", "Bob shared budget.xlsx with you");

        eventually("both Talk notifications", () -> notifications(token).size() == 2);
        List<JsonObject> notes = notifications(token);
        JsonObject mentioned = notes.stream()
                .filter(n -> n.getString("title").contains("mentioned you"))
                .findFirst()
                .orElseThrow();
        assertEquals("Carol Test", mentioned.getString("actor"));
        assertEquals("@Nina Notified please review the draft", mentioned.getString("body"));
        assertTrue(mentioned.getString("link").startsWith(nextcloud.uri() + "/index.php/call/alpha123#message_"));
        assertTrue(notes.stream().noneMatch(n -> n.getString("title").contains("shared")), "only Talk's notifications");

        eventually(
                "a poll that asks whether anything changed",
                () -> nextcloud.lastHeaders("/ocs/v2.php/apps/notifications").get("if-none-match") != null);

        Api.Reply dismissed = api.send("DELETE", "/api/v1/notifications/" + mentioned.getJsonNumber("id"), token, null);
        assertEquals(204, dismissed.status(), dismissed::toString);
        eventually(
                "deleted in Nextcloud, just after the answer",
                () -> !nextcloud.notificationIds("talk-nina").contains(mention));
        assertTrue(nextcloud.notificationIds("talk-nina").contains(chat));
        assertEquals(1, notifications(token).size());
    }

    private List<JsonObject> notifications(String token) {
        try {
            return api.get("/api/v1/notifications", token).json().getJsonArray("notifications").stream()
                    .map(JsonValue::asJsonObject)
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oauth2ConnectsWhenTheAdministratorConfiguredAClientAndRefreshesWithRotation() throws Exception {
        URI redirect = SharedHearth.server().uri("/api/v1/connections/nextcloud-talk/callback");
        FakeNextcloud.OAuthClient client = nextcloud.registerOAuthClient("Hearth", redirect.toString());
        String admin = api.adminToken();
        Api.Reply configured = api.send(
                "PUT",
                "/api/v1/admin/plugins/nextcloud-talk",
                admin,
                Json.createObjectBuilder()
                        .add(
                                "settings",
                                Json.createObjectBuilder()
                                        .add("clientId", client.clientId())
                                        .add("clientSecret", client.clientSecret()))
                        .build()
                        .toString());
        assertEquals(200, configured.status(), configured::toString);
        assertFalse(configured.toString().contains(client.clientSecret()), "the secret is write-only");
        try {
            String token = user("talk-otto");
            nextcloud.addUser("talk-otto", "Otto OAuth");
            assertEquals(
                    List.of("login-flow-v2", "oauth2"),
                    talk(token).getJsonArray("flows").stream()
                            .map(f -> f.asJsonObject().getString("type"))
                            .toList());

            Api.Reply started = api.send("POST", "/api/v1/connections/nextcloud-talk", token, "{\"flow\":\"oauth2\"}");
            assertEquals(200, started.status(), started::toString);
            URI authorize = URI.create(started.json().getString("authorizeUrl"));
            assertTrue(
                    authorize.toString().startsWith(nextcloud.uri() + "/index.php/apps/oauth2/authorize?"),
                    authorize::toString);
            nextcloud.signInBrowser("talk-otto");
            nextcloud.accessTokenLifetime(Duration.ofSeconds(20));
            HttpResponse<String> consent = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, consent.statusCode(), consent::body);
            URI back = URI.create(consent.headers().firstValue("location").orElseThrow());
            assertTrue(back.toString().startsWith(redirect.toString()), back::toString);
            Api.Reply callback = api.send(api.request(back.getRawPath() + "?" + back.getRawQuery())
                    .header("Cookie", "hearth_session=" + token)
                    .GET()
                    .build());
            assertEquals(303, callback.status(), callback::toString);
            assertEquals("Otto OAuth", talk(token).getString("accountName"));
            // The notification poller (every second here) refreshes too, so count at least, not exactly: that two
            // refreshes never share one refresh token is OAuthIT's concern, and a reused one would expire the
            // connection, which the last line rules out.
            int tokenCalls = nextcloud
                    .requestsOf("POST /index.php/apps/oauth2/api/v1/token")
                    .size();

            Api.Reply rooms = rooms(token, "");

            assertEquals(200, rooms.status(), rooms::toString);
            int afterFirst = nextcloud
                    .requestsOf("POST /index.php/apps/oauth2/api/v1/token")
                    .size();
            assertTrue(afterFirst > tokenCalls, "a token that expires within 30 s is refreshed first");
            assertTrue(nextcloud
                    .lastHeaders("/ocs/v2.php/apps/spreed")
                    .get("authorization")
                    .startsWith("Bearer "));
            assertEquals(200, rooms(token, "").status(), "the rotated refresh token was kept: refreshing again works");
            // this request may have found a poll's refresh under way and used its token instead of asking again:
            // either way the token endpoint is asked again, with the refresh token the first refresh rotated
            eventually(
                    "a second refresh",
                    () -> nextcloud
                                    .requestsOf("POST /index.php/apps/oauth2/api/v1/token")
                                    .size()
                            > afterFirst);
            assertEquals("connected", talk(token).getString("status"));
        } finally {
            nextcloud.accessTokenLifetime(Duration.ofHours(1));
            nextcloud.signInBrowser(null);
            api.send(
                    "PUT",
                    "/api/v1/admin/plugins/nextcloud-talk",
                    admin,
                    "{\"settings\":{\"clientId\":null," + "\"clientSecret\":null}}");
        }
    }
}
