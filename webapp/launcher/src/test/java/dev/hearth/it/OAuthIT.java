package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(10)
@ExtendWith(SharedHearth.class)
class OAuthIT {

    private final Api api = SharedHearth.api();
    private final FakeUpstream upstream = SharedHearth.upstream();
    private final HttpClient noRedirects =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private String user(String name) throws Exception {
        api.createUser(name, name + "-password", "user");
        return api.token(name, name + "-password");
    }

    /** Starts the flow as the user; answers Hearth's authorize URL. */
    private URI start(String token) throws Exception {
        Api.Reply started = api.send("POST", "/api/v1/connections/oauthy", token, "{\"flow\":\"oauth2\"}");
        assertEquals(200, started.status(), started::toString);
        return URI.create(started.json().getString("authorizeUrl"));
    }

    /** The user consents at the upstream, which sends the browser back: answers that callback URL (path and query). */
    private String consent(URI authorize) throws Exception {
        HttpResponse<String> redirect =
                noRedirects.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, redirect.statusCode(), redirect::body);
        URI back = URI.create(redirect.headers().firstValue("location").orElseThrow());
        return back.getRawPath() + "?" + back.getRawQuery();
    }

    private Api.Reply callback(String token, String pathAndQuery) throws Exception {
        return api.send(api.request(pathAndQuery)
                .header("Cookie", "hearth_session=" + token)
                .GET()
                .build());
    }

    private JsonObject oauthy(String token) throws Exception {
        return api.get("/api/v1/connections", token).array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals("oauthy"))
                .findFirst()
                .orElseThrow();
    }

    private String connected(String name, long tokenLifetime) throws Exception {
        String token = user(name);
        upstream.consentingUser = name + " at OAuthy";
        upstream.codeTokenLifetime = tokenLifetime;
        Api.Reply back = callback(token, consent(start(token)));
        assertEquals(303, back.status(), back::toString);
        upstream.codeTokenLifetime = 3600;
        return token;
    }

    @Test
    void theAuthorizationCodeFlowConnectsWithStateAndPkce() throws Exception {
        String token = user("olivia");
        upstream.consentingUser = "Olivia OAuth";

        URI authorize = start(token);

        assertTrue(authorize
                .toString()
                .startsWith(upstream.uri() + "/oauth/authorize?response_type=code&client_id=hearth-client"));
        assertTrue(
                authorize
                        .getQuery()
                        .contains("redirect_uri=" + SharedHearth.server().uri("/api/v1/connections/oauthy/callback")),
                authorize::toString);
        assertTrue(authorize.getQuery().contains("code_challenge_method=S256"));
        assertTrue(authorize.getQuery().contains("prompt=consent"));
        Api.Reply back = callback(token, consent(authorize));

        assertEquals(303, back.status(), back::toString);
        assertEquals(
                SharedHearth.server()
                        .uri("/settings/connections?plugin=oauthy&connected=1")
                        .toString(),
                back.header("location"));
        JsonObject connection = oauthy(token);
        assertEquals("connected", connection.getString("status"));
        assertEquals("Olivia OAuth", connection.getString("accountName"));
    }

    @Test
    void aStateWorksOnceAndOnlyForItsUser() throws Exception {
        String alice = user("alice-o");
        String mallory = user("mallory-o");
        String callback = consent(start(alice));

        assertProblem(callback(mallory, callback), 400, "invalid_state");
        assertEquals("not_connected", oauthy(mallory).getString("status"));
        assertEquals(303, callback(alice, callback).status(), "another user's attempt did not use the state up");
        assertProblem(callback(alice, callback), 400, "invalid_state");
        assertProblem(
                callback(alice, "/api/v1/connections/oauthy/callback?code=x&state=made-up"), 400, "invalid_state");
        assertProblem(callback(alice, "/api/v1/connections/oauthy/callback?code=x"), 400, "invalid_state");
    }

    @Test
    void aDeniedConsentComesBackAsAnError() throws Exception {
        String token = user("declined");
        URI authorize = start(token);
        String state = authorize.getQuery().replaceAll(".*state=([^&]+).*", "$1");

        Api.Reply back = callback(token, "/api/v1/connections/oauthy/callback?error=access_denied&state=" + state);

        assertEquals(303, back.status());
        assertTrue(back.header("location").endsWith("/settings/connections?plugin=oauthy&error=access_denied"));
        assertEquals("not_connected", oauthy(token).getString("status"));
    }

    @Test
    void aCodeTheUpstreamRefusesComesBackAsAnErrorAndConnectsNothing() throws Exception {
        String token = user("forged-code");
        String callback = consent(start(token)).replaceAll("code=[^&]+", "code=forged");

        Api.Reply back = callback(token, callback);

        assertEquals(303, back.status(), back::toString);
        assertTrue(
                back.header("location").endsWith("/settings/connections?plugin=oauthy&error=credential_rejected"),
                back.header("location"));
        assertEquals("not_connected", oauthy(token).getString("status"));
        assertProblem(callback(token, callback), 400, "invalid_state");
    }

    private static final String ROW = "from connection c join account a on a.id = c.account_id"
            + " where a.username = '%s' and c.plugin_id = 'oauthy'";

    private Api.Reply search(String token) throws Exception {
        return api.get("/api/v1/search?term=report&provider=oauthy/docs", token);
    }

    /**
     * While the token endpoint answers a refresh, Hearth holds no lock on the connection's row (nor a database
     * connection for it): another writer gets the row at once, and sees the refresh's lease.
     */
    @Test
    void aRefreshHoldsNoRowLockWhileTheTokenEndpointAnswers() throws Exception {
        String token = connected("lease-free", 1);
        Thread.sleep(1500); // the access token has expired
        int arrived = upstream.refreshRequests();
        upstream.refreshDelay = Duration.ofSeconds(3);
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Api.Reply> searching = client.submit(() -> search(token));
            Eventually.eventually("the refresh reached the token endpoint", () -> upstream.refreshRequests() > arrived);
            try (Connection db = SharedHearth.server().database()) {
                db.setAutoCommit(false);
                db.createStatement().execute("set session innodb_lock_wait_timeout = 1");
                try (ResultSet row = db.createStatement()
                        .executeQuery("select c.refresh_holder " + ROW.formatted("lease-free") + " for update")) {
                    assertTrue(row.next(), "the row is not locked by the refresh in flight");
                    assertNotNull(row.getString(1), "the refresh holds the lease");
                }
                db.rollback();
            }
            Api.Reply reply = searching.get();
            assertEquals(200, reply.status(), reply::toString);
        } finally {
            upstream.refreshDelay = Duration.ofMillis(300);
            client.shutdown();
        }
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.refresh_holder, c.status " + ROW.formatted("lease-free"))) {
            assertTrue(row.next());
            assertNull(row.getString(1), "the lease ended with the refresh");
            assertEquals("connected", row.getString(2));
        }
    }

    /**
     * A refresh another instance has leased is waited for, not raced: this instance refreshes only once the lease has
     * run out (the other instance died, say), and exactly once.
     */
    @Test
    void aRefreshLeasedByAnotherInstanceIsWaitedFor() throws Exception {
        String token = connected("lease-elsewhere", 1);
        long leaseEnds;
        try (Connection db = SharedHearth.server().database()) {
            db.createStatement()
                    .executeUpdate("update connection c join account a on a.id = c.account_id set"
                            + " c.refresh_holder = 'another-instance',"
                            + " c.refresh_until = utc_timestamp(6) + interval 3 second"
                            + " where a.username = 'lease-elsewhere' and c.plugin_id = 'oauthy'");
            leaseEnds = System.currentTimeMillis() + 3000;
        }
        Thread.sleep(1500); // the access token has expired
        int refreshesBefore = upstream.refreshes();

        Api.Reply reply = search(token);

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(System.currentTimeMillis() >= leaseEnds - 100, "answered after the other instance's lease ran out");
        assertEquals(refreshesBefore + 1, upstream.refreshes(), "refreshed once, here");
    }

    @Test
    void concurrentRequestsOnAnExpiredTokenRefreshItOnce() throws Exception {
        String token = connected("busy-o", 1);
        String before;
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.credential from connection c join account a"
                                + " on a.id = c.account_id where a.username = 'busy-o' and c.plugin_id = 'oauthy'")) {
            row.next();
            before = row.getString(1);
        }
        Thread.sleep(1500); // the access token has expired
        int refreshesBefore = upstream.refreshes();
        // as many at once as a user may search (three searches' worth of provider calls, one call each here)
        int parallel = 3
                * api.get("/api/v1/search/providers", token)
                        .json()
                        .getJsonArray("providers")
                        .size();
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            replies.add(clients.submit(() -> api.get("/api/v1/search?term=report&provider=oauthy/docs", token)));
        }
        for (Future<Api.Reply> reply : replies) {
            Api.Reply r = reply.get();
            assertEquals(200, r.status(), r::toString);
            assertEquals(
                    "ok", r.json().getJsonArray("providers").getJsonObject(0).getString("status"), r::toString);
        }
        clients.shutdown();

        assertEquals(refreshesBefore + 1, upstream.refreshes(), "exactly one refresh");
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.credential from connection c join account a"
                                + " on a.id = c.account_id where a.username = 'busy-o' and c.plugin_id = 'oauthy'")) {
            row.next();
            assertNotEquals(before, row.getString(1), "the rotated tokens were stored");
            assertTrue(row.getString(1).startsWith("b2:v1:"));
        }
    }

    @Test
    void aRefusedRefreshTokenMarksTheConnectionExpired() throws Exception {
        String token = connected("revoked-o", 1);
        upstream.revokeRefreshTokens("revoked-o at OAuthy");
        Thread.sleep(1500);

        Api.Reply search = api.get("/api/v1/search?term=report&provider=oauthy/docs", token);

        assertEquals(
                "expired",
                search.json().getJsonArray("providers").getJsonObject(0).getString("status"),
                search::toString);
        assertEquals("expired", oauthy(token).getString("status"));
    }
}
