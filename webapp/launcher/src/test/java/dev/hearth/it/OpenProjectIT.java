package dev.hearth.it;

import static dev.hearth.it.Eventually.eventually;
import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.openproject.FakeOpenProject;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundled OpenProject plugin end to end: Hearth on Payara Micro with MariaDB, against {@link FakeOpenProject}
 * (the administrator's instance and OAuth application come from {@code HEARTH_PLUGIN_OPENPROJECT_*}; users may
 * name it, or any other, with an API token).
 */
@Order(13)
@ExtendWith(SharedHearth.class)
class OpenProjectIT {

    static final String CLIENT_ID = "hearth-openproject-client";
    static final String CLIENT_SECRET = "openproject-client-secret";
    private static final String WIDGET = "openproject/notifications";
    private static final AtomicInteger NEXT_USER = new AtomicInteger(100);

    private final Api api = SharedHearth.api();
    private final FakeOpenProject openproject = SharedHearth.openproject();
    private final HttpClient noRedirects =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void heal() {
        openproject.down(false);
        openproject.garbage(false);
        openproject.latency(Duration.ZERO);
        openproject.accessTokenLifetime(Duration.ofHours(2));
    }

    /** A Hearth user and an OpenProject user with an API token; answers the Hearth token and the OpenProject id. */
    private record Person(String token, int id, String apiToken) {}

    private Person person(String name) throws Exception {
        int id = NEXT_USER.incrementAndGet();
        String apiToken = "opapi-" + name + "-0123456789";
        openproject
                .user(id, name.substring(0, 1).toUpperCase() + name.substring(1), "Tester", name)
                .apiToken(apiToken, id)
                .project(1, "demo", "Demo project");
        api.createUser(name, name + "-password", "user");
        return new Person(api.token(name, name + "-password"), id, apiToken);
    }

    private Api.Reply connectWithToken(Person who, String instance, String apiToken) throws Exception {
        return connectWithToken(who.token(), instance, apiToken);
    }

    private Api.Reply connectWithToken(String hearthToken, String instance, String apiToken) throws Exception {
        return api.send(
                "POST",
                "/api/v1/connections/openproject",
                hearthToken,
                Json.createObjectBuilder()
                        .add("flow", "token")
                        .add("instanceUrl", instance)
                        .add("token", apiToken)
                        .build()
                        .toString());
    }

    private Person connected(String name) throws Exception {
        Person who = person(name);
        Api.Reply reply = connectWithToken(who, openproject.uri().toString(), who.apiToken());
        assertEquals(201, reply.status(), reply::toString);
        return who;
    }

    private JsonObject connection(String token) throws Exception {
        return api.connection(token, "openproject");
    }

    private Map<String, JsonObject> widgets(String token, String... ids) throws Exception {
        Api.Reply reply = api.get(
                "/api/v1/dashboard/items?"
                        + String.join(
                                "&",
                                java.util.Arrays.stream(ids)
                                        .map(w -> "widget=" + w)
                                        .toList()),
                token);
        assertEquals(200, reply.status(), reply::toString);
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        reply.json()
                .getJsonArray("widgets")
                .forEach(w -> byId.put(w.asJsonObject().getString("id"), w.asJsonObject()));
        return byId;
    }

    private Map<String, JsonObject> search(String token, String term) throws Exception {
        return api.search(token, term);
    }

    private List<JsonObject> notifications(String token) throws Exception {
        return api.get("/api/v1/notifications?limit=200", token).json().getJsonArray("notifications").stream()
                .map(JsonValue::asJsonObject)
                .filter(n -> n.getString("pluginId", "").equals("openproject"))
                .toList();
    }

    @Test
    void anApiTokenConnectsToTheInstanceTheUserNamesAndIsStoredEncrypted() throws Exception {
        Person oscar = person("oscar");

        Api.Reply reply = connectWithToken(oscar, openproject.uri() + "/", oscar.apiToken());

        assertEquals(201, reply.status(), reply::toString);
        assertEquals("Oscar Tester", reply.json().getString("accountName"));
        assertFalse(reply.body().contains(oscar.apiToken()));
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.credential from connection c join account a on a.id = c.account_id"
                                + " where a.username = 'oscar' and c.plugin_id = 'openproject'")) {
            row.next();
            assertFalse(row.getString(1).contains(oscar.apiToken()), "encrypted at rest");
        }
        assertFalse(SharedHearth.server().log().contains(oscar.apiToken()), "never logged");
    }

    @Test
    void eachWayOfFailingToConnectSaysWhyAndStoresNothing() throws Exception {
        Person pia = person("pia");

        assertProblem(connectWithToken(pia, openproject.uri().toString(), "opapi-wrong"), 400, "credential_rejected");
        JsonObject notOpenProject = assertProblem(
                connectWithToken(pia, SharedHearth.upstream().uri().toString(), pia.apiToken()), 502, "upstream_error");
        assertTrue(notOpenProject.getString("detail").contains("OpenProject"), notOpenProject::toString);
        openproject.garbage(true);
        assertProblem(connectWithToken(pia, openproject.uri().toString(), pia.apiToken()), 502, "upstream_error");
        openproject.garbage(false);
        openproject.down(true);
        assertProblem(connectWithToken(pia, openproject.uri().toString(), pia.apiToken()), 502, "upstream_error");
        assertProblem(connectWithToken(pia, "http://10.0.0.1/", pia.apiToken()), 400, "url_not_allowed");

        assertEquals("not_connected", connection(pia.token()).getString("status"));
    }

    @Test
    void aTokenDeletedInOpenProjectExpiresTheConnection() throws Exception {
        Person vera = connected("vera");
        assertEquals("ok", widgets(vera.token(), WIDGET).get(WIDGET).getString("status"));

        openproject.revokeApiToken(vera.apiToken());

        JsonObject results = search(vera.token(), "anything").get("openproject/work-packages");
        assertEquals("expired", results.getString("status"), results::toString);
        assertEquals("expired", connection(vera.token()).getString("status"));
    }

    @Test
    void dismissingOneMarksItReadInOpenProject() throws Exception {
        Person wes = connected("wes");
        openproject.workPackage(7001, 1, "Renew the certificate", "Task", "New", wes.id());
        int alert = openproject.notify(wes.id(), 7001, "dateAlert", null, Instant.parse("2026-12-03T09:00:00Z"));
        eventually("the date alert", () -> count(wes, 1, true));
        long id = notifications(wes.token()).get(0).getJsonNumber("id").longValue();

        Api.Reply dismissed = api.send("DELETE", "/api/v1/notifications/" + id, wes.token(), null);

        assertEquals(204, dismissed.status(), dismissed::toString);
        eventually("dismissed in Hearth, read in OpenProject", () -> openproject.isRead(alert));
        assertTrue(notifications(wes.token()).isEmpty());
    }

    @Test
    void oauthConnectsToTheAdministratorsInstanceWithPkceAndRevokesOnDisconnect() throws Exception {
        Person quinn = person("quinn");
        // 31 s: Hearth refreshes what expires within 30 s, so the second call below refreshes, once
        openproject.authorizeAs(quinn.id()).accessTokenLifetime(Duration.ofSeconds(31));
        JsonObject offered = connection(quinn.token());
        assertEquals(
                List.of("oauth2", "token"),
                offered.getJsonArray("flows").stream()
                        .map(f -> f.asJsonObject().getString("type"))
                        .toList());

        Api.Reply started = api.send("POST", "/api/v1/connections/openproject", quinn.token(), "{\"flow\":\"oauth2\"}");
        assertEquals(200, started.status(), started::toString);
        URI authorize = URI.create(started.json().getString("authorizeUrl"));
        assertTrue(authorize.toString().startsWith(openproject.uri() + "/oauth/authorize?"), authorize::toString);
        assertTrue(authorize.getQuery().contains("scope=api_v3"), authorize::toString);
        assertTrue(authorize.getQuery().contains("code_challenge_method=S256"), authorize::toString);
        HttpResponse<String> consent =
                noRedirects.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, consent.statusCode(), consent::body);
        URI back = URI.create(consent.headers().firstValue("location").orElseThrow());
        Api.Reply callback = api.send(api.request(back.getRawPath() + "?" + back.getRawQuery())
                .header("Cookie", "hearth_session=" + quinn.token())
                .GET()
                .build());
        assertEquals(303, callback.status(), callback::toString);
        assertEquals("connected", connection(quinn.token()).getString("status"));
        assertEquals("Quinn Tester", connection(quinn.token()).getString("accountName"));
        assertEquals("ok", widgets(quinn.token(), WIDGET).get(WIDGET).getString("status"), "Bearer works");
        int beforeRefresh = openproject.revokedTokens().size();
        Thread.sleep(1500); // now it expires within 30 s: Hearth refreshes, OpenProject rotates
        JsonObject refreshed = search(quinn.token(), "anything").get("openproject/work-packages"); // not cached
        assertEquals("ok", refreshed.getString("status"), refreshed::toString);
        assertTrue(
                openproject.revokedTokens().size() >= beforeRefresh + 2,
                "the old pair is revoked once the new access token is used");
        assertEquals("connected", connection(quinn.token()).getString("status"));

        int revokedBefore = openproject.revokedTokens().size();
        Api.Reply disconnected = api.send("DELETE", "/api/v1/connections/openproject", quinn.token(), null);
        assertEquals(200, disconnected.status(), disconnected::toString);
        assertTrue(disconnected.json().getBoolean("upstreamRevoked"), disconnected::toString);
        assertTrue(openproject.revokedTokens().size() > revokedBefore, "revoked at OpenProject");
    }

    @Test
    void theWidgetGroupsAllUnreadNotificationsByWorkPackage() throws Exception {
        Person rita = connected("rita");
        openproject.workPackage(4001, 1, "Prepare the release", "Task", "In progress", rita.id());
        openproject.workPackage(4002, 1, "Fix the login page", "Bug", "New", null);
        Instant t = Instant.parse("2026-12-01T09:00:00Z");
        for (int i = 0; i < 1020; i++) { // two pages of a thousand
            openproject.notify(rita.id(), 4001, "watched", null, t.plusSeconds(i));
        }
        openproject.notify(rita.id(), 4002, "mentioned", rita.id(), t.plusSeconds(5000));

        JsonObject widget = widgets(rita.token(), WIDGET).get(WIDGET);

        assertEquals("ok", widget.getString("status"), widget::toString);
        assertEquals(1021, widget.getInt("totalBadge"));
        JsonObject first = widget.getJsonArray("items").getJsonObject(0);
        assertEquals("#4002 Fix the login page", first.getString("title"));
        assertEquals("Demo project · mentioned", first.getString("subtitle"));
        assertEquals(openproject.uri() + "/projects/1/work_packages/4002/activity", first.getString("link"));
        assertEquals(1020, widget.getJsonArray("items").getJsonObject(1).getInt("badge"));
    }

    @Test
    void searchFindsWorkPackagesByIdAndSubject() throws Exception {
        Person sam = connected("sam");
        openproject.workPackage(5001, 1, "Quarterly planning", "Task", "New", sam.id());

        JsonObject byId = search(sam.token(), "#5001").get("openproject/work-packages");
        JsonObject bySubject = search(sam.token(), "quarterly").get("openproject/work-packages");

        assertEquals("ok", byId.getString("status"), byId::toString);
        assertEquals(
                "#5001 Quarterly planning",
                byId.getJsonArray("entries").getJsonObject(0).getString("title"));
        assertEquals(
                "#5001 Quarterly planning",
                bySubject.getJsonArray("entries").getJsonObject(0).getString("title"));
    }

    @Test
    void notificationsArrivePolledAndReadingThemReadsThemUpstreamAndBack() throws Exception {
        Person tess = connected("tess");
        openproject.workPackage(6001, 1, "Plan the offsite", "Task", "New", tess.id());
        Instant t = Instant.parse("2026-12-02T09:00:00Z");
        int first = openproject.notify(tess.id(), 6001, "mentioned", tess.id(), t);
        int second = openproject.notify(tess.id(), 6001, "assigned", tess.id(), t.plusSeconds(1));
        int third = openproject.notify(tess.id(), 6001, "commented", tess.id(), t.plusSeconds(2));
        int fourth = openproject.notify(tess.id(), 6001, "watched", tess.id(), t.plusSeconds(3));
        eventually("four OpenProject notifications", () -> count(tess, 4, false));
        JsonObject mention = notifications(tess.token()).stream()
                .filter(n -> n.getString("title").contains("mentioned you in #6001 Plan the offsite"))
                .findFirst()
                .orElseThrow();

        Api.Reply read =
                api.send("POST", "/api/v1/notifications/" + mention.getJsonNumber("id") + "/read", tess.token(), null);
        assertEquals(204, read.status(), read::toString);
        eventually("read in Hearth, read in OpenProject (after the answer)", () -> openproject.isRead(first));

        openproject.readInOpenProject(second);
        eventually("the one read in OpenProject is read in Hearth", () -> count(tess, 2, true));

        Api.Reply all = api.send("POST", "/api/v1/notifications/read-all", tess.token(), null);
        assertEquals(204, all.status(), all::toString);
        eventually("mark all read, upstream too", () -> openproject.isRead(third) && openproject.isRead(fourth));
        Thread.sleep(2500); // two more polls: nothing comes back
        assertEquals(4, notifications(tess.token()).size(), "each once");
        assertTrue(notifications(tess.token()).stream().allMatch(n -> n.getBoolean("read")));
    }

    private boolean count(Person who, int expected, boolean unreadOnly) {
        try {
            return notifications(who.token()).stream()
                            .filter(n -> !unreadOnly || !n.getBoolean("read"))
                            .count()
                    == expected;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSlowOrBrokenOpenProjectLeavesTheOtherPluginsAlone() throws Exception {
        Person uma = person("uma"); // in OpenProject; in Hearth, connected to the template's service as well:
        String linked = api.linkedUser("uma-both", SharedHearth.upstream(), "Uma Upstream");
        Api.Reply also = connectWithToken(linked, openproject.uri().toString(), uma.apiToken());
        assertEquals(201, also.status(), also::toString);

        openproject.down(true);
        Map<String, JsonObject> down = widgets(linked, WIDGET, "linked/items");
        assertEquals("error", down.get(WIDGET).getString("status"), down::toString);
        assertEquals("ok", down.get("linked/items").getString("status"));
        Map<String, JsonObject> found = search(linked, "report");
        assertEquals("error", found.get("openproject/work-packages").getString("status"));
        assertEquals("ok", found.get("linked/docs").getString("status"));

        openproject.down(false);
        openproject.latency(Duration.ofSeconds(10));
        Map<String, JsonObject> slow = widgets(linked, WIDGET, "linked/items");
        assertEquals("timeout", slow.get(WIDGET).getString("status"), slow::toString);
        assertEquals("ok", slow.get("linked/items").getString("status"));
    }
}
