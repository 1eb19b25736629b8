package dev.hearth.it;

import static dev.hearth.it.Eventually.eventually;
import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.atlassian.FakeAtlassian;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Atlassian plugin through a running Hearth, against {@link FakeAtlassian} as its authorization server and API
 * gateway (both from {@code HEARTH_PLUGIN_ATLASSIAN_*}): connecting with 3LO, the sites, one refresh for fifty
 * concurrent requests, a lost refresh answer survived within Atlassian's leeway and not after it, expiry with its
 * reason, the widget across sites, search, notifications polled and pushed by a signed webhook, and the
 * administrator's list and removal of connections.
 */
@Order(14)
@ExtendWith(SharedHearth.class)
class AtlassianIT {

    static final String CLIENT_ID = "hearth-atlassian-client";
    static final String CLIENT_SECRET = "atlassian-client-secret";
    static final String ACME = "1324a887-45db-1bf4-1e99-ef0ff456d421";
    static final String BETA = "8a2f7c10-1111-4c3b-9a5e-0b7d1c2e3f40";
    private static final String WIDGET = "atlassian/jira";
    private static final AtomicInteger NEXT = new AtomicInteger(100);

    private final Api api = SharedHearth.api();
    private final FakeAtlassian atlassian = SharedHearth.atlassian();
    private final HttpClient noRedirects =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void heal() {
        atlassian.down(ACME, false).down(BETA, false).latency(Duration.ZERO).accessTokenLifetime(Duration.ofHours(1));
        atlassian.afterAnswer(r -> {});
    }

    /** A Hearth user and their Atlassian account (on Acme, with Jira and Confluence, and on Beta, with Jira). */
    private record Person(String token, String accountId, String name) {}

    private Person person(String name) throws Exception {
        String accountId = "5b10a2844c2016570" + NEXT.incrementAndGet() + "ede21g";
        String display = name.substring(0, 1).toUpperCase() + name.substring(1) + " Atlas";
        atlassian
                .account(accountId, display, name + "@example.com", "Europe/Berlin")
                .grantSites(accountId, ACME, BETA);
        String username = "atl-" + name; // the shared Hearth's usernames are shared by every suite
        api.createUser(username, username + "-password", "user");
        return new Person(api.token(username, username + "-password"), accountId, display);
    }

    /** Connects through Hearth: the flow's authorize URL, consent at the fake, the callback with the session. */
    private Person connected(String name) throws Exception {
        Person who = person(name);
        URI authorize = start(who);
        atlassian.signedInAs(who.accountId());
        URI back = atlassian.approve(authorize);
        Api.Reply callback = api.send(api.request(back.getRawPath() + "?" + back.getRawQuery())
                .header("Cookie", "hearth_session=" + who.token())
                .GET()
                .build());
        assertEquals(303, callback.status(), callback::toString);
        assertEquals("connected", connection(who.token()).getString("status"));
        return who;
    }

    private URI start(Person who) throws Exception {
        Api.Reply started = api.send("POST", "/api/v1/connections/atlassian", who.token(), "{\"flow\":\"oauth2\"}");
        assertEquals(200, started.status(), started::toString);
        return URI.create(started.json().getString("authorizeUrl"));
    }

    private JsonObject connection(String token) throws Exception {
        return api.connection(token, "atlassian");
    }

    private JsonObject widget(String token) throws Exception {
        return api.widget(token, WIDGET);
    }

    private Map<String, JsonObject> search(String token, String term) throws Exception {
        return api.search(token, term);
    }

    @Test
    void connectsWithThreeLeggedOAuthAndListsEverySiteOfTheGrant() throws Exception {
        Person uma = person("uma");
        JsonObject offered = connection(uma.token());
        assertEquals(
                List.of("oauth2"),
                offered.getJsonArray("flows").stream()
                        .map(f -> f.asJsonObject().getString("type"))
                        .toList());
        URI authorize = start(uma);
        String query = authorize.getRawQuery();
        assertTrue(authorize.toString().startsWith(atlassian.uri() + "/authorize?"), authorize::toString);
        assertTrue(query.contains("audience=api.atlassian.com"), query);
        assertTrue(query.contains("prompt=consent"), query);
        assertTrue(query.contains("offline_access"), query);
        assertFalse(query.contains("code_challenge"), "3LO has no PKCE");

        atlassian.signedInAs(uma.accountId());
        URI denied = atlassian.deny(authorize);
        Api.Reply refused = api.send(api.request(denied.getRawPath() + "?" + denied.getRawQuery())
                .header("Cookie", "hearth_session=" + uma.token())
                .GET()
                .build());
        assertTrue(refused.status() == 303 || refused.status() >= 400, refused::toString);
        assertEquals("not_connected", connection(uma.token()).getString("status"), "denied: nothing stored");

        URI back = atlassian.approve(start(uma));
        Api.Reply callback = api.send(api.request(back.getRawPath() + "?" + back.getRawQuery())
                .header("Cookie", "hearth_session=" + uma.token())
                .GET()
                .build());
        assertEquals(303, callback.status(), callback::toString);
        JsonObject connected = connection(uma.token());
        assertEquals("connected", connected.getString("status"));
        assertEquals("Uma Atlas", connected.getString("accountName"));
        assertTrue(
                atlassian.requests().stream()
                        .filter(r -> r.path().equals("/oauth/token"))
                        .allMatch(r -> r.header("Content-Type").startsWith("application/json")),
                "token requests as JSON");

        Api.Reply sites = api.get("/api/v1/plugins/atlassian/sites", uma.token());
        assertEquals(200, sites.status(), sites::toString);
        assertEquals(2, sites.array().size(), sites::toString);
        JsonObject acme = sites.array().getJsonObject(0);
        assertEquals(ACME, acme.getString("id"));
        assertEquals("https://acme.atlassian.net", acme.getString("url"));
        assertEquals(
                List.of("confluence", "jira"),
                acme.getJsonArray("products").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select credential from connection where plugin_id = 'atlassian'")) {
            while (row.next()) {
                assertFalse(row.getString(1).contains("\"access"), "tokens are stored encrypted");
            }
        }
    }

    @Test
    void fiftyConcurrentRequestsOnAnExpiringTokenMakeOneRefreshAndNeverReuseARotatedToken() throws Exception {
        // 31 s: Hearth refreshes what expires within 30 s, so after a moment every request wants a refresh
        atlassian.accessTokenLifetime(Duration.ofSeconds(31));
        int reused = atlassian.reusedWithinLeeway();
        int late = atlassian.lateReuses();
        Person vic = connected("vic");
        atlassian.accessTokenLifetime(Duration.ofHours(1)); // the refreshed token lives long: one refresh only
        Thread.sleep(1000); // the background poller wants the refresh too, at the same moment as the requests
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() ->
                        api.get("/api/v1/plugins/atlassian/sites", vic.token()).status());
            }
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                1, atlassian.refreshCount(vic.accountId()), "exactly one refresh upstream, for the poller and all 50");
        assertEquals(reused, atlassian.reusedWithinLeeway(), "no rotated refresh token presented again");
        assertEquals(late, atlassian.lateReuses());
        assertEquals("connected", connection(vic.token()).getString("status"));
    }

    @Test
    void aRefreshAnswerLostOnTheWayIsRecoveredWithinAtlassiansLeeway() throws Exception {
        atlassian.accessTokenLifetime(Duration.ofSeconds(31));
        Person wes = connected("wes");
        Thread.sleep(1500);
        int reused = atlassian.reusedWithinLeeway();
        atlassian.loseNextTokenAnswer();
        eventually("the next refresh reuses the old token within the leeway", () -> {
            call(() -> api.get("/api/v1/plugins/atlassian/sites", wes.token()));
            return atlassian.reusedWithinLeeway() > reused;
        });
        assertEquals("connected", connection(wes.token()).getString("status"));
        assertEquals(
                200, api.get("/api/v1/plugins/atlassian/sites", wes.token()).status());
    }

    @Test
    void aRefreshTokenReusedAfterTheLeewayEndsTheGrantAndTheConnectionSaysWhy() throws Exception {
        atlassian.accessTokenLifetime(Duration.ofSeconds(31));
        Person xia = connected("xia");
        Thread.sleep(1500);
        // the answer is lost, and Hearth is away longer than Atlassian's 10 minutes
        atlassian.loseNextTokenAnswer();
        atlassian.afterAnswer(r -> {
            if (r.path().equals("/oauth/token")) {
                atlassian.afterAnswer(next -> {});
                atlassian.advance(Duration.ofMinutes(11));
            }
        });
        eventually("the connection expires", () -> {
            call(() -> api.get("/api/v1/plugins/atlassian/sites", xia.token()));
            return call(() -> connection(xia.token()).getString("status")).equals("expired");
        });
        JsonObject expired = connection(xia.token());
        assertEquals("refresh_refused", expired.getString("reason"));
        assertTrue(expired.getString("reasonDetail").contains("invalid_grant"), expired::toString);
        assertEquals(1, atlassian.lateReuses());
        assertProblem(api.get("/api/v1/plugins/atlassian/sites", xia.token()), 401, "connection_expired");
        assertEquals("expired", widget(xia.token()).getString("status"));
    }

    @Test
    void aChangedPasswordExpiresTheConnectionAtTheNextRefresh() throws Exception {
        atlassian.accessTokenLifetime(Duration.ofSeconds(31));
        Person yan = connected("yan");
        atlassian.changePassword(yan.accountId());
        Thread.sleep(1500);
        eventually("expired", () -> {
            call(() -> api.get("/api/v1/plugins/atlassian/sites", yan.token()));
            return call(() -> connection(yan.token()).getString("status")).equals("expired");
        });
        assertEquals("refresh_refused", connection(yan.token()).getString("reason"));
    }

    /**
     * An administrator (or a stolen admin session) who points the authorization server elsewhere receives no refresh
     * token: it goes only to the token endpoint that issued it, and the user connects again instead.
     */
    @Test
    void aRefreshTokenGoesOnlyToTheTokenEndpointThatIssuedIt() throws Exception {
        atlassian.accessTokenLifetime(Duration.ofSeconds(31));
        Person tom = connected("tom");
        String admin = api.adminToken();
        AtomicInteger elsewhere = new AtomicInteger();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            elsewhere.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        other.start();
        try {
            String moved = "{\"settings\":{\"authUrl\":\"http://127.0.0.1:"
                    + other.getAddress().getPort() + "\"}}";
            assertEquals(
                    200,
                    api.send("PUT", "/api/v1/admin/plugins/atlassian", admin, moved)
                            .status());
            Thread.sleep(1500); // the access token is due for a refresh
            eventually("expired", () -> {
                call(() -> api.get("/api/v1/plugins/atlassian/sites", tom.token()));
                return call(() -> connection(tom.token()).getString("status")).equals("expired");
            });
            assertEquals(0, elsewhere.get(), "nothing reached the other server");
        } finally {
            api.send("PUT", "/api/v1/admin/plugins/atlassian", admin, "{\"settings\":{\"authUrl\":null}}");
            other.stop(0);
        }
    }

    @Test
    void theWidgetShowsOpenIssuesAcrossSitesAndOneFailingSiteAsANote() throws Exception {
        Person zoe = connected("zoe");
        Instant t = Instant.parse("2026-12-01T09:00:00Z");
        atlassian
                .project(ACME, "ACME", "Acme project")
                .project(BETA, "BETA", "Beta project")
                .issue(
                        ACME,
                        "ACME-40",
                        "Zoe's first",
                        "In Progress",
                        "indeterminate",
                        "High",
                        zoe.accountId(),
                        zoe.accountId(),
                        t.plusSeconds(20))
                .issue(
                        BETA,
                        "BETA-40",
                        "Zoe's second",
                        "To Do",
                        "new",
                        "Low",
                        zoe.accountId(),
                        zoe.accountId(),
                        t.plusSeconds(10));
        JsonObject widget = widget(zoe.token());
        assertEquals("ok", widget.getString("status"), widget::toString);
        assertEquals(
                List.of("ACME-40 Zoe's first", "BETA-40 Zoe's second"),
                widget.getJsonArray("items").stream()
                        .map(i -> i.asJsonObject().getString("title"))
                        .toList());
        JsonObject first = widget.getJsonArray("items").getJsonObject(0);
        assertEquals("In Progress", first.getJsonObject("status").getString("label"));
        assertEquals("ACTIVE", first.getJsonObject("status").getString("tone"));
        assertEquals("https://acme.atlassian.net/browse/ACME-40", first.getString("link"));

        Person amy = connected("amy"); // not cached: another user
        atlassian.issue(ACME, "ACME-41", "Amy's", "To Do", "new", "Low", amy.accountId(), amy.accountId(), t);
        atlassian.down(BETA, true);
        JsonObject partly = widget(amy.token());
        assertEquals("ok", partly.getString("status"), partly::toString);
        assertEquals(
                "Beta: not available right now",
                partly.getJsonArray("items").getJsonObject(0).getString("title"));
        assertEquals(
                "ACME-41 Amy's", partly.getJsonArray("items").getJsonObject(1).getString("title"));
    }

    @Test
    void searchFindsIssuesByKeyAndTextAndConfluencePages() throws Exception {
        Person ben = connected("ben");
        Instant t = Instant.parse("2026-12-02T09:00:00Z");
        atlassian
                .project(ACME, "ACME", "Acme project")
                .issue(ACME, "ACME-50", "Quarterly gizmo review", "To Do", "new", "Low", null, ben.accountId(), t)
                .space(ACME, "OPS", "Operations")
                .page(ACME, "5001", "page", "OPS", "Gizmo handbook", "How the gizmo works.", t);
        Map<String, JsonObject> byKey = search(ben.token(), "acme-50");
        assertEquals(
                "ACME-50 Quarterly gizmo review",
                byKey.get("atlassian/jira-issues")
                        .getJsonArray("entries")
                        .getJsonObject(0)
                        .getString("title"));
        Map<String, JsonObject> byText = search(ben.token(), "gizmo\" OR project = BETA OR text ~ \"");
        assertEquals("ok", byText.get("atlassian/jira-issues").getString("status"), byText::toString);
        Map<String, JsonObject> pages = search(ben.token(), "gizmo");
        JsonObject confluence = pages.get("atlassian/confluence-pages");
        assertEquals("ok", confluence.getString("status"), confluence::toString);
        assertEquals(
                "Gizmo handbook",
                confluence.getJsonArray("entries").getJsonObject(0).getString("title"));
        assertTrue(confluence
                .getJsonArray("entries")
                .getJsonObject(0)
                .getString("subline")
                .startsWith("Operations"));
    }

    @Test
    void notificationsArriveByWebhookAtOnceAndAForgedDeliveryIsRefused() throws Exception {
        Person cal = connected("cal");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        atlassian
                .project(BETA, "BETA", "Beta project")
                .issue(BETA, "BETA-60", "Cal's to be", "To Do", "new", "Low", null, "someone-else", t);
        eventually("the poller registered Cal's webhooks", () -> atlassian.webhooks(BETA).stream()
                .anyMatch(w -> w.jqlFilter().contains(cal.accountId())));
        String bob = "5b10ac8d82e05b22cc7d4ef5";
        atlassian.account(bob, "Bob Builder", "bob@example.com", "Europe/Berlin");
        atlassian.assign(BETA, "BETA-60", cal.accountId(), bob, t.plusSeconds(2));
        eventually("Jira delivered and Hearth took it", () -> atlassian.deliveries().stream()
                .anyMatch(d -> d.status() == 204 && d.body().contains("BETA-60")));
        eventually(
                "the notification is there",
                () ->
                        call(() -> api
                                .get("/api/v1/notifications?limit=50", cal.token())
                                .json()
                                .getJsonArray("notifications")
                                .stream()
                                .map(JsonValue::asJsonObject)
                                .anyMatch(n -> n.getString("title")
                                        .equals("Bob Builder assigned BETA-60 to you: Cal's to be"))));

        Api.Reply forged = api.send(api.request("/api/v1/plugins/atlassian/webhooks/jira?site=" + BETA)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJpYXQiOjF9.")
                .POST(HttpRequest.BodyPublishers.ofString("{\"matchedWebhookIds\":[1]}"))
                .build());
        assertProblem(forged, 401, "webhook_signature");
        Api.Reply huge = api.send(api.request("/api/v1/plugins/atlassian/webhooks/jira?site=" + BETA)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + "1,".repeat(200_000) + "1]"))
                .build());
        assertProblem(huge, 413, "body_too_large");
        Api.Reply nowhere = api.send(api.request("/api/v1/plugins/atlassian/webhooks/confluence")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertProblem(nowhere, 404, "not_found");
    }

    @Test
    void administratorsListAndRemoveAtlassianConnections() throws Exception {
        Person dee = connected("dee");
        String admin = api.adminToken();
        JsonObject listed = api.get("/api/v1/admin/connections", admin).array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals("atlassian")
                        && c.getString("accountName").equals(dee.name()))
                .findFirst()
                .orElseThrow();
        assertEquals("connected", listed.getString("status"));
        assertProblem(api.get("/api/v1/admin/connections", dee.token()), 403, "forbidden");
        Api.Reply removed = api.send("DELETE", "/api/v1/admin/connections/" + listed.getJsonNumber("id"), admin, null);
        assertTrue(removed.status() == 200 || removed.status() == 204, removed::toString);
        assertEquals("not_connected", connection(dee.token()).getString("status"));
    }

    /** A checked call inside a condition. */
    private static <T> T call(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
