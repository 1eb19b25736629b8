package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(1)
@ExtendWith(SharedHearth.class)
class AuthIT {

    private final Api api = SharedHearth.api();

    @Test
    void signInAnswersAnRs256JwtAndSetsItAsAnHttpOnlySameSiteCookie() throws Exception {
        Api.Reply reply = api.login("admin", HearthServer.ADMIN_PASSWORD);

        assertEquals(200, reply.status(), reply::toString);
        JsonObject body = reply.json();
        assertEquals("Bearer", body.getString("tokenType"));
        assertEquals(8 * 3600, body.getInt("expiresIn"));
        assertEquals("admin", body.getJsonObject("user").getString("role"));
        assertFalse(body.getJsonObject("user").containsKey("passwordHash"));
        String token = body.getString("accessToken");
        assertEquals("RS256", Tokens.header(token).getString("alg"));
        JsonObject claims = Tokens.payload(token);
        assertEquals("admin", claims.getString("upn"));
        assertNotNull(claims.getString("jti"));
        assertEquals(
                List.of("user", "admin"),
                claims.getJsonArray("groups").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());
        assertTrue(claims.getJsonNumber("exp").longValue() > Instant.now().getEpochSecond());

        String cookie = reply.header("set-cookie");
        assertTrue(cookie.startsWith("hearth_session=" + token + ";"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);
        assertEquals("no-store", reply.header("cache-control"));
    }

    @Test
    void theBearerHeaderAndTheCookieBothAuthenticate() throws Exception {
        String token = api.adminToken();

        Api.Reply byHeader = api.get("/api/v1/me", token);
        Api.Reply byCookie = api.send(api.request("/api/v1/me")
                .header("Cookie", "hearth_session=" + token)
                .GET()
                .build());

        assertEquals(200, byHeader.status(), byHeader::toString);
        assertEquals("admin", byHeader.json().getString("username"));
        assertEquals(200, byCookie.status(), byCookie::toString);
        assertEquals(byHeader.body(), byCookie.body());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        Api.Reply wrongPassword = api.login("admin", "not-the-password");
        Api.Reply unknownUser = api.login("nobody-here", "whatever-password");

        assertEquals(
                assertProblem(wrongPassword, 401, "invalid_credentials").getString("detail"),
                assertProblem(unknownUser, 401, "invalid_credentials").getString("detail"));
        assertTrue(wrongPassword.headers("set-cookie").isEmpty());
    }

    @Test
    void signInIgnoresTheCaseOfTheUsername() throws Exception {
        assertEquals(200, api.login("ADMIN", HearthServer.ADMIN_PASSWORD).status());
    }

    @Test
    void aMissingTokenIsRefused() throws Exception {
        assertProblem(api.get("/api/v1/me", null), 401, "authentication_required");
    }

    @Test
    void aGarbageTokenIsRefused() throws Exception {
        assertProblem(api.get("/api/v1/me", "garbage"), 401, "token_invalid");
        assertProblem(api.get("/api/v1/me", "a.b.c"), 401, "token_invalid");
    }

    @Test
    void anExpiredTokenIsRefusedAndTheStaleCookieCleared() throws Exception {
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        String expired = Tokens.sign(
                Tokens.claims("1", "admin", "user", "admin")
                        .add("iat", past - 3600)
                        .add("exp", past)
                        .build(),
                Tokens.serverKey(SharedHearth.server()));

        assertProblem(api.get("/api/v1/me", expired), 401, "token_expired");
        Api.Reply byCookie = api.send(api.request("/api/v1/me")
                .header("Cookie", "hearth_session=" + expired)
                .GET()
                .build());
        assertProblem(byCookie, 401, "token_expired");
        assertTrue(byCookie.header("set-cookie").startsWith("hearth_session=;"), byCookie.header("set-cookie"));
        assertTrue(byCookie.header("set-cookie").contains("Max-Age=0"));
    }

    @Test
    void aTokenWithAlgNoneIsRefused() throws Exception {
        String none =
                Tokens.unsigned(Tokens.claims("1", "admin", "user", "admin").build());

        assertProblem(api.get("/api/v1/me", none), 401, "token_invalid");
        assertProblem(api.get("/api/v1/admin/users", none), 401, "token_invalid");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Tokens.Key forger = new Tokens.Key(
                Tokens.serverKey(SharedHearth.server()).kid(),
                generator.generateKeyPair().getPrivate());

        assertProblem(
                api.get(
                        "/api/v1/me",
                        Tokens.sign(Tokens.claims("1", "admin", "user", "admin").build(), forger)),
                401,
                "token_invalid");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefusedEvenWithTheRightKey() throws Exception {
        String foreign = Tokens.sign(
                Tokens.claims("1", "admin", "user", "admin")
                        .add("iss", "someone-else")
                        .build(),
                Tokens.serverKey(SharedHearth.server()));

        assertProblem(api.get("/api/v1/me", foreign), 401, "token_invalid");
    }

    @Test
    void rewritingTheGroupsBreaksTheSignature() throws Exception {
        api.createUser("mallory", "mallory-password", "user");
        String token = api.token("mallory", "mallory-password");
        JsonObject claims = Tokens.payload(token);
        JsonObject elevated = Json.createObjectBuilder(claims)
                .add("groups", Json.createArrayBuilder().add("user").add("admin"))
                .build();

        assertEquals(403, api.get("/api/v1/admin/users", token).status());
        assertProblem(api.get("/api/v1/admin/users", Tokens.withPayload(token, elevated)), 401, "token_invalid");
    }

    @Test
    void signingOutEndsTheTokenAndClearsTheCookie() throws Exception {
        api.createUser("leaving", "leaving-password", "user");
        String token = api.token("leaving", "leaving-password");
        assertEquals(200, api.get("/api/v1/me", token).status());

        Api.Reply logout = api.send("POST", "/api/v1/auth/logout", token, null);

        assertEquals(204, logout.status(), logout::toString);
        assertTrue(logout.header("set-cookie").startsWith("hearth_session=;"));
        assertProblem(api.get("/api/v1/me", token), 401, "session_ended");
        assertEquals(
                200,
                api.get("/api/v1/me", api.token("leaving", "leaving-password")).status(),
                "a new sign-in works");
    }

    @Test
    void aStaleCookieDoesNotBlockSigningInAgain() throws Exception {
        HttpRequest login = api.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .header("Cookie", "hearth_session=stale.token.value")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + HearthServer.ADMIN_PASSWORD + "\"}"))
                .build();

        assertEquals(200, api.send(login).status());
    }

    @Test
    void repeatedFailedSignInsAreSlowedDown() throws Exception {
        api.createUser("target", "target-password", "user");
        for (int i = 0; i < 5; i++) {
            assertProblem(api.login("target", "guess-" + i), 401, "invalid_credentials");
        }
        assertProblem(api.login("target", "guess-5"), 401, "invalid_credentials");

        Api.Reply throttled = api.login("target", "target-password");

        JsonObject problem = assertProblem(throttled, 429, "too_many_attempts");
        assertTrue(Integer.parseInt(throttled.header("retry-after")) >= 1);
        assertTrue(problem.getInt("retryAfter") >= 1);
        Thread.sleep(1000L * problem.getInt("retryAfter"));
        assertEquals(200, api.login("target", "target-password").status(), "after the wait, the right password works");
    }
}
