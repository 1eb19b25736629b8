package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** System API tokens, personal access tokens, and the scope every endpoint needs. */
@Order(3)
@ExtendWith(SharedHearth.class)
class TokensIT {

    private static final String SYSTEM = "/api/v1/admin/system-tokens";
    private static final String PERSONAL = "/api/v1/me/tokens";

    private final Api api = SharedHearth.api();

    private JsonObject make(String path, String session, String name, String validity, String... scopes)
            throws Exception {
        var body = Json.createObjectBuilder().add("name", name).add("scopes", Json.createArrayBuilder(List.of(scopes)));
        if (validity != null) {
            body.add("validity", validity);
        }
        Api.Reply made = api.send("POST", path, session, body.build().toString());
        assertEquals(201, made.status(), made::toString);
        assertEquals("no-store", made.header("cache-control"), "the only answer that holds the token is not cached");
        JsonObject token = made.json();
        assertTrue(made.header("location").endsWith(path + "/" + token.getJsonNumber("id")), made::toString);
        return token;
    }

    private JsonObject listed(String path, String session, long id) throws Exception {
        return api.get(path, session).array().stream()
                .map(JsonValue::asJsonObject)
                .filter(t -> t.getJsonNumber("id").longValue() == id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("token " + id + " is not listed"));
    }

    @Test
    void anAdminMakesASystemTokenThatActsAsTheSystemUserWithinItsScopes() throws Exception {
        String admin = api.adminToken();
        Instant before = Instant.now();
        JsonObject made = make(SYSTEM, admin, "SCIM client", "P7D", "api_read");

        String token = made.getString("token");
        assertTrue(token.startsWith("hst_") && token.length() > 40, token);
        assertEquals(List.of("api_read"), made.getJsonArray("scopes").getValuesAs(JsonString::getString));
        assertEquals("active", made.getString("status"));
        Instant expires = Instant.parse(made.getString("expiresAt"));
        assertTrue(
                expires.isAfter(before.plus(Duration.ofDays(7)).minusSeconds(5))
                        && expires.isBefore(
                                Instant.now().plus(Duration.ofDays(7)).plusSeconds(5)),
                "valid for 7 days: " + expires);

        JsonObject row = listed(SYSTEM, admin, made.getJsonNumber("id").longValue());
        assertFalse(row.containsKey("token"), "shown once only: " + row);
        assertEquals("hst_…" + token.substring(token.length() - 4), row.getString("hint"));
        assertFalse(row.containsKey("lastUsedAt"), "never used yet: " + row);

        JsonObject me = api.get("/api/v1/me", token).json();
        assertEquals("~system", me.getString("username"), "acts as the designated system user");
        assertFalse(
                api.get("/api/v1/admin/users", admin).body().contains("~system"),
                "the system user is not among the users");
        assertProblem(api.login("~system", "anything"), 401, "invalid_credentials");

        JsonObject lacking = assertProblem(api.get("/api/v1/admin/users", token), 403, "insufficient_scope");
        assertEquals("admin", lacking.getString("scope"));
        assertProblem(
                api.send("PUT", "/api/v1/dashboard/layout", token, "{\"widgets\":[]}"), 403, "insufficient_scope");
        assertTrue(
                api.get("/api/v1/admin/users", token)
                        .header("www-authenticate")
                        .contains("error=\"insufficient_scope\""),
                "RFC 6750's error in the challenge");

        assertTrue(
                listed(SYSTEM, admin, made.getJsonNumber("id").longValue()).containsKey("lastUsedAt"),
                "last use shown");
        api.createUser("not-admin-tokens", "not-admin-pass", "user");
        String user = api.token("not-admin-tokens", "not-admin-pass");
        assertEquals(403, api.get(SYSTEM, user).status(), "admins only");
    }

    @Test
    void manySystemTokensLiveAtOnceAndEachCanBeDeleted() throws Exception {
        String admin = api.adminToken();
        JsonObject first = make(SYSTEM, admin, "first", null, "api_read", "admin");
        JsonObject second = make(SYSTEM, admin, "second", "P1D", "api_write");
        Instant year = Instant.parse(first.getString("expiresAt"));
        assertTrue(year.isAfter(Instant.now().plus(Duration.ofDays(364))), "a year by default: " + year);
        assertEquals(List.of("api_read", "admin"), first.getJsonArray("scopes").getValuesAs(JsonString::getString));
        assertEquals(
                200, api.get("/api/v1/admin/users", first.getString("token")).status());
        assertEquals(
                200,
                api.send("PUT", "/api/v1/dashboard/layout", second.getString("token"), "{\"widgets\":[]}")
                        .status());

        assertEquals(
                204,
                api.send("DELETE", SYSTEM + "/" + first.getJsonNumber("id"), admin, null)
                        .status());
        assertProblem(api.get("/api/v1/me", first.getString("token")), 401, "token_invalid");
        assertProblem(
                api.send("DELETE", SYSTEM + "/" + first.getJsonNumber("id"), admin, null), 404, "token_not_found");
        assertEquals(
                200,
                api.send("PUT", "/api/v1/dashboard/layout", second.getString("token"), "{\"widgets\":[]}")
                        .status(),
                "the other token lives on");
    }

    @Test
    void anExpiredTokenIsLabelledAndRefused() throws Exception {
        String admin = api.adminToken();
        JsonObject made = make(SYSTEM, admin, "soon gone", "P1D", "api_read");
        try (Connection db = SharedHearth.server().database();
                PreparedStatement expire = db.prepareStatement("update api_token set expires_at = ? where id = ?")) {
            expire.setObject(
                    1, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1));
            expire.setLong(2, made.getJsonNumber("id").longValue());
            assertEquals(1, expire.executeUpdate());
        }
        assertProblem(api.get("/api/v1/me", made.getString("token")), 401, "token_expired");
        assertEquals(
                "expired",
                listed(SYSTEM, admin, made.getJsonNumber("id").longValue()).getString("status"));
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        String token =
                make(SYSTEM, api.adminToken(), "hashed", null, "api_read").getString("token");
        try (Connection db = SharedHearth.server().database();
                ResultSet rows = db.createStatement().executeQuery("select * from api_token")) {
            while (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    String value = rows.getString(column);
                    assertFalse(value != null && value.contains(token.substring(4, 40)), "a column holds the token");
                }
            }
        }
    }

    @Test
    void aUserMakesPersonalTokensWithinTheirOwnRights() throws Exception {
        long id = api.createUser("pat-owner", "pat-owner-pass", "user");
        String session = api.token("pat-owner", "pat-owner-pass");

        assertProblem(
                api.send("POST", PERSONAL, session, "{\"name\":\"root\",\"scopes\":[\"admin\"]}"),
                403,
                "scope_not_allowed");
        JsonObject made = make(PERSONAL, session, "laptop", "P3M", "api_read", "api_write");
        String token = made.getString("token");
        assertTrue(token.startsWith("hpt_"), token);

        assertEquals("pat-owner", api.get("/api/v1/me", token).json().getString("username"));
        assertEquals(
                200,
                api.send("PUT", "/api/v1/dashboard/layout", token, "{\"widgets\":[]}")
                        .status());
        assertEquals(403, api.get("/api/v1/admin/users", token).status());
        assertProblem(api.get(PERSONAL, token), 403, "session_required");
        assertProblem(
                api.send("POST", PERSONAL, token, "{\"name\":\"child\",\"scopes\":[\"api_read\"]}"),
                403,
                "session_required");
        assertProblem(api.send("POST", "/api/v1/auth/logout", token, null), 403, "session_required");
        assertFalse(api.get(PERSONAL, api.adminToken()).body().contains("laptop"), "one's own tokens only");

        api.send("PATCH", "/api/v1/admin/users/" + id, api.adminToken(), "{\"password\":\"changed-password\"}");
        assertProblem(api.get("/api/v1/me", token), 401, "session_ended");
        String again = api.token("pat-owner", "changed-password");
        assertEquals(
                "ended",
                listed(PERSONAL, again, made.getJsonNumber("id").longValue()).getString("status"));
    }

    @Test
    void anAdminsPersonalTokenMayCarryTheAdminScope() throws Exception {
        String admin = api.adminToken();
        JsonObject made = make(PERSONAL, admin, "admin script", "P1M", "admin");
        assertEquals(
                200, api.get("/api/v1/admin/users", made.getString("token")).status());
        assertProblem(api.get("/api/v1/me", made.getString("token")), 403, "insufficient_scope");
        assertEquals(
                204,
                api.send("DELETE", PERSONAL + "/" + made.getJsonNumber("id"), admin, null)
                        .status());
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        String admin = api.adminToken();
        assertProblem(api.send("POST", SYSTEM, admin, "{\"name\":\"none\",\"scopes\":[]}"), 400, "validation_failed");
        assertProblem(
                api.send("POST", SYSTEM, admin, "{\"name\":\"odd\",\"scopes\":[\"scim_v2\"]}"),
                400,
                "validation_failed");
        assertProblem(
                api.send("POST", SYSTEM, admin, "{\"name\":\"odd\",\"scopes\":[\"api_read\"],\"validity\":\"P2D\"}"),
                400,
                "validation_failed");
        assertProblem(
                api.send("POST", SYSTEM, admin, "{\"name\":\"  \",\"scopes\":[\"api_read\"]}"),
                400,
                "validation_failed");
        assertProblem(api.send("POST", SYSTEM, admin, "{\"scopes\":[\"api_read\"]}"), 400, "validation_failed");
        make(SYSTEM, admin, "twice", null, "api_read");
        assertProblem(
                api.send("POST", SYSTEM, admin, "{\"name\":\"Twice\",\"scopes\":[\"api_read\"]}"),
                409,
                "token_name_taken");
        assertProblem(api.get("/api/v1/me", "hst_not-a-token"), 401, "token_invalid");
    }

    /**
     * Every operation of the API (as its OpenAPI document lists them) refuses a token that lacks the scope it needs,
     * and names that scope: reads need api_read, writes api_write, administration admin.
     */
    @Test
    void everyEndpointNeedsItsScope() throws Exception {
        String admin = api.adminToken();
        String readOnly = make(PERSONAL, admin, "read only", null, "api_read").getString("token");
        String writeOnly =
                make(PERSONAL, admin, "write only", null, "api_write").getString("token");
        String noAdmin =
                make(PERSONAL, admin, "no admin", null, "api_read", "api_write").getString("token");

        Api.Reply document = api.send(api.request("/openapi")
                .header("Accept", "application/json")
                .GET()
                .build());
        assertEquals(200, document.status(), document::toString);
        JsonObject paths = document.json().getJsonObject("paths");
        List<String> checked = new ArrayList<>();
        for (String template : paths.keySet()) {
            String path = template.replaceAll("\\{[^}]+}", "x");
            if (path.equals("/api/v1/auth/login") || path.matches("/api/v1/plugins/x/webhooks/.*")) {
                continue; // not for callers with tokens: sign-in, and deliveries with the upstream's credential
            }
            for (String method : paths.getJsonObject(template).keySet()) {
                String verb = method.toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb)) {
                    continue;
                }
                String scope =
                        path.startsWith("/api/v1/admin/") ? "admin" : verb.equals("GET") ? "api_read" : "api_write";
                String lacking =
                        switch (scope) {
                            case "admin" -> noAdmin;
                            case "api_read" -> writeOnly;
                            default -> readOnly;
                        };
                Api.Reply reply =
                        api.send(verb, path, lacking, verb.equals("GET") || verb.equals("DELETE") ? null : "{}");
                assertEquals(
                        "insufficient_scope", reply.json().getString("code", ""), verb + " " + path + ": " + reply);
                JsonObject problem = assertProblem(reply, 403, "insufficient_scope");
                assertEquals(scope, problem.getString("scope"), verb + " " + path);
                checked.add(verb + " " + path);
            }
        }
        assertTrue(checked.size() > 30, "the whole API: " + checked);
        assertTrue(checked.contains("POST /api/v1/admin/system-tokens"), checked::toString);
        assertTrue(checked.contains("GET /api/v1/notifications/stream"), checked::toString);
    }

    /** Guessing tokens costs time: an address that keeps sending unknown tokens is told to wait. */
    @Test
    void guessingTokensIsSlowedDown() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        FromAddress.Answer last = null;
        for (int i = 0; i < 14; i++) {
            // an address of its own: the other tests go on
            last = FromAddress.send(
                    "127.0.0.3",
                    SharedHearth.server().uri("/"),
                    "GET",
                    "/api/v1/me",
                    Map.of("Authorization", "Bearer hpt_guess" + i),
                    null);
            statuses.add(last.status());
        }
        assertEquals(List.of(401, 401, 401, 401, 401, 401, 401, 401, 401, 401), statuses.subList(0, 10));
        assertEquals(429, statuses.get(13), statuses::toString);
        assertNotEquals(null, last.headers().get("retry-after"), "429 says when to try again");
        assertEquals(200, api.get("/api/v1/me", api.adminToken()).status(), "other addresses are not held up");
        String live = make(PERSONAL, api.adminToken(), "live from a guesser", null, "api_read")
                .getString("token");
        assertEquals(
                200,
                FromAddress.send(
                                "127.0.0.3",
                                SharedHearth.server().uri("/"),
                                "GET",
                                "/api/v1/me",
                                Map.of("Authorization", "Bearer " + live),
                                null)
                        .status(),
                "a live token is never held up");
    }

    /** Every GET without parameters answers a token with every scope: tokens reach every endpoint. */
    @Test
    void aTokenWithEveryScopeReachesEveryEndpoint() throws Exception {
        String admin = api.adminToken();
        String all = make(PERSONAL, admin, "everything", null, "api_read", "api_write", "admin")
                .getString("token");
        JsonObject paths = api.send(api.request("/openapi")
                        .header("Accept", "application/json")
                        .GET()
                        .build())
                .json()
                .getJsonObject("paths");
        List<String> reached = new ArrayList<>();
        for (String path : paths.keySet()) {
            if (path.contains("{")
                    || path.endsWith("/stream")
                    || !paths.getJsonObject(path).containsKey("get")) {
                continue;
            }
            Api.Reply reply = api.get(path, all);
            assertFalse(
                    reply.status() == 401
                            || reply.status() == 403 && !reply.body().contains("session_required"),
                    path + ": " + reply);
            reached.add(path + " " + reply.status());
        }
        assertTrue(reached.size() > 10, reached::toString);
    }

    /** A system token with the admin scope can do what an administrator can, but not remove the last one. */
    @Test
    void noTokenCanRemoveTheLastAdministrator() throws Exception {
        String admin = api.adminToken();
        String system = make(SYSTEM, admin, "cleaner", null, "api_read", "api_write", "admin")
                .getString("token");
        long me = api.get("/api/v1/me", admin).json().getJsonNumber("id").longValue();
        for (JsonValue user : api.get("/api/v1/admin/users", system).array()) {
            JsonObject u = user.asJsonObject();
            if (u.getString("role").equals("admin")
                    && !u.getBoolean("disabled")
                    && u.getJsonNumber("id").longValue() != me) {
                api.send("PATCH", "/api/v1/admin/users/" + u.getJsonNumber("id"), system, "{\"disabled\":true}");
            }
        }
        assertProblem(api.send("PATCH", "/api/v1/admin/users/" + me, system, "{\"role\":\"user\"}"), 409, "last_admin");
        assertProblem(api.send("PATCH", "/api/v1/admin/users/" + me, system, "{\"disabled\":true}"), 409, "last_admin");
        assertProblem(api.send("DELETE", "/api/v1/admin/users/" + me, system, null), 409, "last_admin");
        assertEquals(200, api.get("/api/v1/admin/users", api.adminToken()).status());
    }
}
