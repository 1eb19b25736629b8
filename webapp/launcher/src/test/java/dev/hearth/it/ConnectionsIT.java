package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(6)
@ExtendWith(SharedHearth.class)
class ConnectionsIT {

    private final FakeUpstream upstream = SharedHearth.upstream();
    private final Api api = SharedHearth.api();

    private String newUser(String name) throws Exception {
        api.createUser(name, name + "-password", "user");
        return api.token(name, name + "-password");
    }

    private static String connect(String instanceUrl, String token) {
        return Json.createObjectBuilder()
                .add("flow", "token")
                .add("instanceUrl", instanceUrl)
                .add("token", token)
                .build()
                .toString();
    }

    private JsonObject linked(String token) throws Exception {
        Api.Reply reply = api.get("/api/v1/connections", token);
        assertEquals(200, reply.status(), reply::toString);
        return reply.array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals("linked"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("linked is not listed: " + reply));
    }

    @Test
    void pluginsWithFlowsAreListedNotConnected() throws Exception {
        String user = newUser("newcomer");
        Api.Reply reply = api.get("/api/v1/connections", user);

        List<String> listed = reply.array().stream()
                .map(v -> v.asJsonObject().getString("pluginId"))
                .toList();
        assertEquals(
                List.of("atlassian", "cloudy", "linked", "nextcloud-talk", "oauthy", "openproject"),
                listed.stream().sorted().toList(),
                "only plugins that offer a way to connect");
        JsonObject linked = linked(user);
        assertEquals("Linked Service", linked.getString("pluginName"));
        assertEquals("not_connected", linked.getString("status"));
        JsonObject flow = linked.getJsonArray("flows").getJsonObject(0);
        assertEquals("token", flow.getString("type"));
        assertTrue(flow.getBoolean("instanceUrl"));
    }

    @Test
    void aValidTokenConnectsAsTheUpstreamAccountAndIsStoredEncrypted() throws Exception {
        String user = newUser("connector");

        Api.Reply connected = api.send(
                "POST", "/api/v1/connections/linked", user, connect(upstream.uri() + "/", FakeUpstream.GOOD_TOKEN));

        assertEquals(201, connected.status(), connected::toString);
        assertEquals("connected", connected.json().getString("status"));
        assertEquals("Jane Doe", connected.json().getString("accountName"));
        assertEquals(upstream.uri().toString(), connected.json().getString("instanceUrl"));
        assertFalse(connected.body().contains(FakeUpstream.GOOD_TOKEN), "the credential never goes back");
        assertTrue(upstream.authorizations.contains("Bearer " + FakeUpstream.GOOD_TOKEN), "the upstream was asked");
        assertEquals("connected", linked(user).getString("status"));
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select credential from connection c join account a"
                                + " on a.id = c.account_id where a.username = 'connector'")) {
            row.next();
            assertTrue(row.getString(1).startsWith("b2:v1:"));
            assertFalse(row.getString(1).contains(FakeUpstream.GOOD_TOKEN));
        }
        assertFalse(SharedHearth.server().log().contains(FakeUpstream.GOOD_TOKEN), "never logged");
        String seen = "insert into plugin_user_data (plugin_id, account_id, data_key, data_value, updated_at) select"
                + " '%s', id, 'seen', '17', now() from account where username = 'connector'";
        try (Connection db = SharedHearth.server().database()) { // what the plugin, and another, kept for the user
            db.createStatement().executeUpdate(seen.formatted("linked"));
            db.createStatement().executeUpdate(seen.formatted("hello"));
        }

        Api.Reply disconnected = api.send("DELETE", "/api/v1/connections/linked", user, null);
        assertEquals(200, disconnected.status(), disconnected::toString);
        assertTrue(disconnected.json().getBoolean("disconnected"));
        assertFalse(disconnected.json().containsKey("upstreamRevoked"), "a token flow has nothing to revoke");
        assertEquals("not_connected", linked(user).getString("status"));
        assertProblem(api.send("DELETE", "/api/v1/connections/linked", user, null), 404, "not_connected");
        try (Connection db = SharedHearth.server().database();
                ResultSet kept = db.createStatement()
                        .executeQuery("select d.plugin_id from plugin_user_data d join"
                                + " account a on a.id = d.account_id where a.username = 'connector'")) {
            assertTrue(kept.next());
            assertEquals(
                    "hello",
                    kept.getString(1),
                    "the plugin's values for the user went with the connection," + " another plugin's stayed");
            assertFalse(kept.next());
        }
    }

    @Test
    void aTokenTheUpstreamRefusesStoresNothing() throws Exception {
        String user = newUser("wrong-token");

        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/connections/linked",
                        user,
                        connect(upstream.uri().toString(), "bad")),
                400,
                "credential_rejected");
        assertEquals("not_connected", linked(user).getString("status"));
    }

    @Test
    void upstreamFaultsAreReportedAsSuch() throws Exception {
        String user = newUser("unlucky");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/connections/linked",
                        user,
                        connect("http://127.0.0.1:" + closedPort, FakeUpstream.GOOD_TOKEN)),
                502,
                "upstream_unreachable");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/connections/linked",
                        user,
                        connect(upstream.uri() + "/html", FakeUpstream.GOOD_TOKEN)),
                502,
                "upstream_error");
        assertEquals("not_connected", linked(user).getString("status"));
    }

    @Test
    void internalAddressesAreRefusedBeforeAnyRequest() throws Exception {
        String user = newUser("ssrf");
        int port = upstream.uri().getPort();

        for (String url : List.of(
                "http://10.0.0.1/",
                "http://169.254.169.254/latest/meta-data",
                "http://192.168.1.1/",
                "http://[::1]:" + port,
                "http://127.0.0.2:" + port,
                "http://0.0.0.0:" + port)) {
            assertProblem(
                    api.send("POST", "/api/v1/connections/linked", user, connect(url, FakeUpstream.GOOD_TOKEN)),
                    400,
                    "url_not_allowed");
        }
        assertProblem(
                api.send("POST", "/api/v1/connections/linked", user, connect("ftp://example.com/", "x")),
                400,
                "url_not_allowed");
        assertProblem(
                api.send("POST", "/api/v1/connections/linked", user, connect("not a url", "x")),
                400,
                "url_not_allowed");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/connections/linked",
                        user,
                        connect(upstream.uri() + "/?next=elsewhere", FakeUpstream.GOOD_TOKEN)),
                400,
                "url_not_allowed");
    }

    /**
     * A plugin reaches what the allow-list for all plugins opens and what its own does: 127.0.0.2 is Cloudy's alone
     * ({@code HEARTH_ALLOWED_HOSTS_CLOUDY}).
     */
    @Test
    void aPluginsOwnAllowListOpensAnAddressForItAlone() throws Exception {
        String user = newUser("own-allow");
        try (FakeNextcloud internal = new FakeNextcloud("127.0.0.2")) {
            Api.Reply started = api.send(
                    "POST",
                    "/api/v1/connections/cloudy",
                    user,
                    Json.createObjectBuilder()
                            .add("flow", "login-flow-v2")
                            .add("instanceUrl", internal.uri().toString())
                            .build()
                            .toString());
            assertEquals(200, started.status(), started::toString);
            assertTrue(
                    started.json().getString("loginUrl").startsWith(internal.uri() + "/index.php/login/v2/flow/"),
                    started::toString);
            assertProblem(
                    api.send("POST", "/api/v1/connections/linked", user, connect(internal.uri() + "/", "x")),
                    400,
                    "url_not_allowed");
        }
    }

    @Test
    void usersOnlySeeAndTouchTheirOwnConnectionsAndAdminsSeeAll() throws Exception {
        String alice = newUser("alice-c");
        String bob = newUser("bob-c");
        api.send(
                "POST",
                "/api/v1/connections/linked",
                alice,
                connect(upstream.uri().toString(), FakeUpstream.GOOD_TOKEN));

        assertEquals("not_connected", linked(bob).getString("status"));
        assertProblem(api.send("DELETE", "/api/v1/connections/linked", bob, null), 404, "not_connected");
        assertEquals("connected", linked(alice).getString("status"));
        assertProblem(api.get("/api/v1/admin/connections", bob), 403, "forbidden");

        String admin = api.adminToken();
        long aliceId = api.get("/api/v1/me", alice).json().getJsonNumber("id").longValue();
        JsonObject listed = api.get("/api/v1/admin/connections", admin).array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getJsonNumber("userId").longValue() == aliceId)
                .findFirst()
                .orElseThrow();
        assertEquals("Jane Doe", listed.getString("accountName"));
        assertFalse(listed.containsKey("credential"));
        assertProblem(
                api.send("DELETE", "/api/v1/admin/connections/" + listed.getJsonNumber("id"), bob, null),
                403,
                "forbidden");

        assertEquals(
                200,
                api.send("DELETE", "/api/v1/admin/connections/" + listed.getJsonNumber("id"), admin, null)
                        .status());
        assertEquals("not_connected", linked(alice).getString("status"));
        assertProblem(
                api.send("DELETE", "/api/v1/admin/connections/" + listed.getJsonNumber("id"), admin, null),
                404,
                "connection_not_found");
        assertProblem(api.send("DELETE", "/api/v1/admin/connections/abc", admin, null), 404, "connection_not_found");
    }

    @Test
    void deletingAUserDeletesTheirConnections() throws Exception {
        String carol = newUser("carol-c");
        api.send(
                "POST",
                "/api/v1/connections/linked",
                carol,
                connect(upstream.uri().toString(), FakeUpstream.GOOD_TOKEN));
        long id = api.get("/api/v1/me", carol).json().getJsonNumber("id").longValue();

        api.send("DELETE", "/api/v1/admin/users/" + id, api.adminToken(), null);

        try (Connection db = SharedHearth.server().database();
                PreparedStatement count = db.prepareStatement("select count(*) from connection where account_id = ?")) {
            count.setLong(1, id);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                assertEquals(0, row.getInt(1));
            }
        }
    }

    @Test
    void badConnectRequestsGetClearProblems() throws Exception {
        String user = newUser("sloppy");

        assertProblem(api.send("POST", "/api/v1/connections/linked", user, "{}"), 400, "validation_failed");
        assertProblem(
                api.send("POST", "/api/v1/connections/linked", user, "{\"flow\":\"oauth9\"}"), 400, "flow_not_offered");
        assertProblem(
                api.send("POST", "/api/v1/connections/no-such-plugin", user, "{\"flow\":\"token\"}"),
                404,
                "plugin_not_found");
        assertProblem(
                api.send("POST", "/api/v1/connections/hello", user, "{\"flow\":\"token\"}"), 400, "flow_not_offered");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/connections/linked",
                        user,
                        "{\"flow\":\"token\",\"instanceUrl\":\"" + upstream.uri() + "\"}"),
                400,
                "validation_failed");
        assertProblem(
                api.send("POST", "/api/v1/connections/linked", user, "{\"flow\":\"token\",\"token\":\"x\"}"),
                400,
                "validation_failed");
        assertProblem(api.send("POST", "/api/v1/connections/linked", user, "{\"flow\":"), 400, "malformed_json");
        assertProblem(
                api.send("POST", "/api/v1/connections/linked", null, "{\"flow\":\"token\"}"),
                401,
                "authentication_required");
    }
}
