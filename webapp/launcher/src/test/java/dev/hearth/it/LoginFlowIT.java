package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(11)
@ExtendWith(SharedHearth.class)
class LoginFlowIT {

    private final Api api = SharedHearth.api();
    private final FakeNextcloud nextcloud = SharedHearth.nextcloud();

    private String user(String name) throws Exception {
        api.createUser(name, name + "-password", "user");
        return api.token(name, name + "-password");
    }

    private JsonObject start(String token, FakeNextcloud server) throws Exception {
        Api.Reply started = api.send(
                "POST",
                "/api/v1/connections/cloudy",
                token,
                Json.createObjectBuilder()
                        .add("flow", "login-flow-v2")
                        .add("instanceUrl", server.uri().toString())
                        .build()
                        .toString());
        assertEquals(200, started.status(), started::toString);
        return started.json();
    }

    private Api.Reply poll(String token, String pollId) throws Exception {
        return api.send(
                "POST",
                "/api/v1/connections/cloudy/poll",
                token,
                Json.createObjectBuilder().add("pollId", pollId).build().toString());
    }

    private JsonObject cloudy(String token) throws Exception {
        return api.get("/api/v1/connections", token).array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals("cloudy"))
                .findFirst()
                .orElseThrow();
    }

    private void connect(String token, FakeNextcloud server, String loginName) throws Exception {
        JsonObject started = start(token, server);
        server.addUser(loginName, loginName + " Cloud");
        server.grantLogin(started.getString("loginUrl"), loginName);
        assertEquals(201, poll(token, started.getString("pollId")).status());
    }

    @Test
    void theUserLogsInUpstreamAndHearthPollsUntilItGetsTheAppPassword() throws Exception {
        String token = user("lf-alice");
        JsonObject started = start(token, nextcloud);
        assertTrue(started.getString("loginUrl").startsWith(nextcloud.uri() + "/index.php/login/v2/flow/"));
        String pollId = started.getString("pollId");

        Api.Reply pending = poll(token, pollId);
        assertEquals(200, pending.status(), pending::toString);
        assertEquals("pending", pending.json().getString("status"));
        assertEquals("not_connected", cloudy(token).getString("status"));

        nextcloud.addUser("lf-alice", "Alice Cloud");
        nextcloud.grantLogin(started.getString("loginUrl"), "lf-alice");
        Api.Reply connected = poll(token, pollId);

        assertEquals(201, connected.status(), connected::toString);
        assertEquals("connected", connected.json().getString("status"));
        assertEquals("Alice Cloud", connected.json().getJsonObject("connection").getString("accountName"));
        assertEquals(nextcloud.uri().toString(), cloudy(token).getString("instanceUrl"));
        assertProblem(poll(token, pollId), 404, "login_not_found");
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.credential, c.flow from connection c join account a"
                                + " on a.id = c.account_id where a.username = 'lf-alice'")) {
            row.next();
            assertTrue(row.getString(1).startsWith("b2:v1:"));
            assertFalse(row.getString(1).contains("app"), "the app password is not stored in plain text");
            assertEquals("login-flow-v2", row.getString(2));
        }
    }

    @Test
    void disconnectingRevokesTheAppPasswordUpstream() throws Exception {
        String token = user("lf-bob");
        connect(token, nextcloud, "lf-bob");
        int revokes =
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size();

        Api.Reply disconnected = api.send("DELETE", "/api/v1/connections/cloudy", token, null);

        assertEquals(200, disconnected.status(), disconnected::toString);
        assertTrue(disconnected.json().getBoolean("upstreamRevoked"));
        assertEquals(
                revokes + 1,
                nextcloud.requestsOf("DELETE /ocs/v2.php/core/apppassword").size());
        assertEquals("not_connected", cloudy(token).getString("status"));
    }

    @Test
    void whenTheServerIsGoneDisconnectingStillForgetsAndSaysSo() throws Exception {
        String token = user("lf-carol");
        FakeNextcloud doomed = new FakeNextcloud();
        connect(token, doomed, "lf-carol");
        doomed.close();

        Api.Reply disconnected = api.send("DELETE", "/api/v1/connections/cloudy", token, null);

        assertEquals(200, disconnected.status(), disconnected::toString);
        assertFalse(disconnected.json().getBoolean("upstreamRevoked"));
        assertTrue(disconnected.json().getString("message").contains("could not be reached"));
        assertEquals("not_connected", cloudy(token).getString("status"));
    }

    @Test
    void aLoginIsTheUsersOwnAndEndsAfterTwentyMinutes() throws Exception {
        String owner = user("lf-dave");
        String other = user("lf-eve");
        String pollId = start(owner, nextcloud).getString("pollId");

        assertProblem(poll(other, pollId), 404, "login_not_found");
        assertProblem(poll(owner, "no-such-login"), 404, "login_not_found");
        assertProblem(api.send("POST", "/api/v1/connections/cloudy/poll", owner, "{}"), 400, "validation_failed");
        assertEquals("pending", poll(owner, pollId).json().getString("status"));

        try (Connection db = SharedHearth.server().database();
                PreparedStatement age = db.prepareStatement(
                        "update login_flow set expires_at = utc_timestamp() - interval 1 second" + " where id = ?")) {
            age.setString(1, pollId);
            assertEquals(1, age.executeUpdate());
        }
        assertProblem(poll(owner, pollId), 410, "login_expired");
        assertProblem(poll(owner, pollId), 404, "login_not_found");
    }
}
