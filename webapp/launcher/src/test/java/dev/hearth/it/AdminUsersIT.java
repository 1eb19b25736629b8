package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(2)
@ExtendWith(SharedHearth.class)
class AdminUsersIT {

    private final Api api = SharedHearth.api();

    @Test
    void anAdminCreatesListsChangesAndDeletesUsers() throws Exception {
        String admin = api.adminToken();

        Api.Reply created = api.send(
                "POST",
                "/api/v1/admin/users",
                admin,
                "{\"username\":\"Jane.Doe\",\"password\":\"jane-password\",\"displayName\":\"Jane Doe\"}");
        assertEquals(201, created.status(), created::toString);
        JsonObject jane = created.json();
        long id = jane.getJsonNumber("id").longValue();
        assertEquals("jane.doe", jane.getString("username"), "usernames are stored lower-case");
        assertEquals("Jane Doe", jane.getString("displayName"));
        assertEquals("user", jane.getString("role"));
        assertFalse(jane.getBoolean("disabled"));
        assertTrue(created.header("location").endsWith("/api/v1/admin/users/" + id));

        assertTrue(api.get("/api/v1/admin/users", admin).array().stream()
                .map(JsonValue::asJsonObject)
                .anyMatch(u -> u.getString("username").equals("jane.doe")));
        assertEquals(
                "Jane Doe", api.get("/api/v1/admin/users/" + id, admin).json().getString("displayName"));

        Api.Reply promoted = api.send(
                "PATCH", "/api/v1/admin/users/" + id, admin, "{\"role\":\"admin\",\"displayName\":\"Dr. Jane Doe\"}");
        assertEquals(200, promoted.status(), promoted::toString);
        assertEquals("admin", promoted.json().getString("role"));
        assertEquals(
                200,
                api.get("/api/v1/admin/users", api.token("jane.doe", "jane-password"))
                        .status());

        assertEquals(
                204,
                api.send("DELETE", "/api/v1/admin/users/" + id, admin, null).status());
        assertProblem(api.get("/api/v1/admin/users/" + id, admin), 404, "user_not_found");
        assertProblem(api.login("jane.doe", "jane-password"), 401, "invalid_credentials");
    }

    @Test
    void aPasswordChangeTakesEffectAndEndsTheSessionsOfTheOldOne() throws Exception {
        long id = api.createUser("forgetful", "old-password", "user");
        String before = api.token("forgetful", "old-password");

        api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"password\":\"new-password\"}");

        assertProblem(api.login("forgetful", "old-password"), 401, "invalid_credentials");
        assertProblem(api.get("/api/v1/me", before), 401, "session_ended");
        String after = api.token("forgetful", "new-password");
        assertEquals(200, api.get("/api/v1/me", after).status(), "a new sign-in works at once");
    }

    @Test
    void aRoleChangeEndsTheSessionsThatCarryTheOldRole() throws Exception {
        long id = api.createUser("demoted", "demoted-password", "admin");
        String asAdmin = api.token("demoted", "demoted-password");
        assertEquals(200, api.get("/api/v1/admin/users", asAdmin).status());

        Api.Reply demoted = api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"role\":\"user\"}");
        assertEquals(200, demoted.status(), demoted::toString);

        assertProblem(api.get("/api/v1/admin/users", asAdmin), 401, "session_ended");
        assertProblem(
                api.send("PATCH", "/api/v1/admin/users/" + id, asAdmin, "{\"role\":\"admin\"}"), 401, "session_ended");
        String asUser = api.token("demoted", "demoted-password");
        assertProblem(api.get("/api/v1/admin/users", asUser), 403, "forbidden");
        api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"displayName\":\"Demoted\"}");
        assertEquals(200, api.get("/api/v1/me", asUser).status(), "a change of name keeps the sessions");
    }

    @Test
    void disablingAUserEndsTheirSessionsAndBlocksSigningIn() throws Exception {
        long id = api.createUser("temp", "temp-password", "user");
        String token = api.token("temp", "temp-password");

        Api.Reply disabled = api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"disabled\":true}");

        assertTrue(disabled.json().getBoolean("disabled"));
        assertProblem(api.get("/api/v1/me", token), 401, "session_ended");
        assertProblem(api.login("temp", "temp-password"), 403, "account_disabled");
        api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"disabled\":false}");
        assertEquals(200, api.login("temp", "temp-password").status());
    }

    @Test
    void deletingAUserEndsTheirSessions() throws Exception {
        long id = api.createUser("gone", "gone-password", "user");
        String token = api.token("gone", "gone-password");

        api.send("DELETE", "/api/v1/admin/users/" + id, api.adminToken(), null);

        assertProblem(api.get("/api/v1/me", token), 401, "session_ended");
    }

    @Test
    void aUserIsRefusedEveryAdminEndpoint() throws Exception {
        api.createUser("plain", "plain-password", "user");
        String user = api.token("plain", "plain-password");

        assertProblem(api.get("/api/v1/admin/users", user), 403, "forbidden");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/admin/users",
                        user,
                        "{\"username\":\"sneaky\",\"password\":\"sneaky-password\",\"role\":\"admin\"}"),
                403,
                "forbidden");
        assertProblem(api.send("DELETE", "/api/v1/admin/users/1", user, null), 403, "forbidden");
        assertProblem(api.send("PUT", "/api/v1/admin/plugins/hello", user, "{\"enabled\":false}"), 403, "forbidden");
        assertEquals(200, api.get("/api/v1/me", user).status());
        assertProblem(api.login("sneaky", "sneaky-password"), 401, "invalid_credentials");
    }

    @Test
    void anAdminCannotLockThemselvesOut() throws Exception {
        String admin = api.adminToken();
        long self = api.get("/api/v1/me", admin).json().getJsonNumber("id").longValue();

        assertProblem(
                api.send("PATCH", "/api/v1/admin/users/" + self, admin, "{\"disabled\":true}"),
                409,
                "cannot_change_self");
        assertProblem(
                api.send("PATCH", "/api/v1/admin/users/" + self, admin, "{\"role\":\"user\"}"),
                409,
                "cannot_change_self");
        assertProblem(api.send("DELETE", "/api/v1/admin/users/" + self, admin, null), 409, "cannot_change_self");
        assertEquals("admin", api.get("/api/v1/me", admin).json().getString("role"));
    }

    @Test
    void badInputGetsAClearProblemAndChangesNothing() throws Exception {
        String admin = api.adminToken();
        int before = api.get("/api/v1/admin/users", admin).array().size();

        api.createUser("taken", "taken-password", "user");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/admin/users",
                        admin,
                        "{\"username\":\"TAKEN\",\"password\":\"other-password\"}"),
                409,
                "username_taken");
        JsonObject invalid = assertProblem(
                api.send(
                        "POST",
                        "/api/v1/admin/users",
                        admin,
                        "{\"username\":\"no spaces!\",\"password\":\"short\",\"role\":\"root\"}"),
                400,
                "validation_failed");
        assertEquals(3, invalid.getJsonArray("errors").size(), invalid::toString);
        assertProblem(
                api.send("POST", "/api/v1/admin/users", admin, "{\"password\":\"long-enough\"}"),
                400,
                "validation_failed");
        assertProblem(api.send("POST", "/api/v1/admin/users", admin, "{\"username\": "), 400, "malformed_json");
        assertProblem(api.send("POST", "/api/v1/admin/users", admin, null), 400, "validation_failed");
        assertProblem(api.send("PATCH", "/api/v1/admin/users/1", admin, "{}"), 400, "validation_failed");
        assertProblem(
                api.send("PATCH", "/api/v1/admin/users/1", admin, "{\"disabled\":\"yes\"}"), 400, "malformed_json");
        // a number or boolean is not text: JSON-B would have saved "42"
        assertProblem(api.send("PATCH", "/api/v1/admin/users/1", admin, "{\"displayName\":42}"), 400, "malformed_json");
        assertProblem(
                api.send("POST", "/api/v1/admin/users", admin, "{\"username\":true,\"password\":\"long-enough\"}"),
                400,
                "malformed_json");
        assertProblem(api.get("/api/v1/admin/users/999999", admin), 404, "user_not_found");
        assertProblem(api.get("/api/v1/admin/users/abc", admin), 404, "user_not_found");
        assertProblem(api.send("DELETE", "/api/v1/admin/users/999999", admin, null), 404, "user_not_found");

        assertEquals(before + 1, api.get("/api/v1/admin/users", admin).array().size(), "only 'taken' was added");
    }
}
