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
import java.util.Map;
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
    void aPageWithAnEndedSessionsCookieIsServedAndTheCookieCleared() throws Exception {
        api.createUser("ended-page", "ended-page-password", "user");
        String token = api.token("ended-page", "ended-page-password");
        assertEquals(204, api.send("POST", "/api/v1/auth/logout", token, null).status());

        Api.Reply page = api.send(api.request("/")
                .header("Cookie", "hearth_session=" + token)
                .header("Accept", "text/html")
                .GET()
                .build());
        Api.Reply call = api.send(api.request("/api/v1/me")
                .header("Cookie", "hearth_session=" + token)
                .GET()
                .build());

        assertEquals(200, page.status(), page::toString);
        assertTrue(page.body().contains("<html"), "the web UI's page, which shows the sign-in form");
        assertTrue(page.header("set-cookie").startsWith("hearth_session=;"), page.header("set-cookie"));
        assertProblem(call, 401, "session_ended");
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

    /** A loopback address that Hearth trusts as a reverse proxy (HEARTH_TRUSTED_PROXIES). */
    static final String PROXY = "127.0.0.5";

    private static int signIn(String from, String forwardedFor, String username, String password) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
        if (forwardedFor != null) {
            headers.put("X-Forwarded-For", forwardedFor);
        }
        return FromAddress.send(
                        from,
                        SharedHearth.server().uri("/"),
                        "POST",
                        "/api/v1/auth/login",
                        headers,
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .status();
    }

    /**
     * Issue 15's lock-out: behind a reverse proxy every client shared one address, and anyone could keep a username
     * out. Now a guesser slows down only themselves.
     */
    @Test
    void aGuesserBehindTheProxyLocksNobodyElseOut() throws Exception {
        api.createUser("victim", "victim-password", "admin");
        List<Integer> guesses = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            guesses.add(signIn(PROXY, "198.51.100.66", "victim", "guess-" + i));
        }
        assertEquals(List.of(401, 401, 401, 401, 401, 401), guesses.subList(0, 6));
        assertTrue(guesses.contains(429), guesses::toString);
        assertEquals(429, signIn(PROXY, "198.51.100.66", "victim", "victim-password"), "the guesser waits");

        assertEquals(200, signIn(PROXY, "203.0.113.20", "victim", "victim-password"), "the victim signs in at once");
        assertEquals(
                429,
                signIn(PROXY, "203.0.113.99, 198.51.100.66", "victim", "victim-password"),
                "what the guesser writes into X-Forwarded-For itself is not believed: the proxy's own hop is");
        assertEquals(200, api.login("victim", "victim-password").status(), "and so does everyone else");
    }

    @Test
    void anUntrustedSenderCannotChooseItsAddress() throws Exception {
        api.createUser("spoofed", "spoofed-password", "user");
        for (int i = 0; i < 6; i++) {
            signIn("127.0.0.6", "198.51.100." + i, "spoofed", "guess-" + i);
        }
        assertEquals(
                429,
                signIn("127.0.0.6", "198.51.100.99", "spoofed", "spoofed-password"),
                "counted under 127.0.0.6, whatever X-Forwarded-For says");
    }

    @Test
    void aBurstOfParallelGuessesIsCountedAsItArrives() throws Exception {
        api.createUser("burst", "burst-password", "user");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                answers.add(pool.submit(() -> signIn("127.0.0.7", null, "burst", "guess-" + n)));
            }
            long wrong = 0;
            for (java.util.concurrent.Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 401 || status == 429, "status " + status);
                wrong += status == 401 ? 1 : 0;
            }
            assertTrue(wrong <= 6, "at most 5 free guesses and the one that used them up were checked: " + wrong);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theWebUisSignInKeepsTheTokenOutOfTheBody() throws Exception {
        api.createUser("cookie-only", "cookie-only-password", "user");
        Api.Reply reply = api.send(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"username\":\"cookie-only\",\"password\":\"cookie-only-password\",\"cookieOnly\":true}");
        assertEquals(200, reply.status(), reply::toString);
        assertFalse(reply.json().containsKey("accessToken"), reply::toString);
        assertEquals("cookie-only", reply.json().getJsonObject("user").getString("username"));
        String cookie = reply.headers("set-cookie").stream()
                .filter(c -> c.startsWith("hearth_session="))
                .findFirst()
                .orElseThrow();
        String token = cookie.substring("hearth_session=".length(), cookie.indexOf(';'));
        assertEquals(
                200,
                api.send(api.request("/api/v1/me")
                                .header("Cookie", "hearth_session=" + token)
                                .GET()
                                .build())
                        .status());
    }
}
