package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(3)
@ExtendWith(SharedHearth.class)
class PluginsIT {

    private final Api api = SharedHearth.api();

    private List<JsonObject> plugins(String token) throws Exception {
        Api.Reply reply = api.get("/api/v1/plugins", token);
        assertEquals(200, reply.status(), reply::toString);
        return reply.array().stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonObject entry(List<JsonObject> plugins, String id, String source) {
        return plugins.stream()
                .filter(p ->
                        p.getString("id").equals(id) && p.getString("source").equals(source))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " from " + source + " in " + plugins));
    }

    @Test
    void aDroppedInPluginRunsWhileABrokenOneIsReportedFailed() throws Exception {
        List<JsonObject> plugins = plugins(api.adminToken());

        JsonObject hello = entry(plugins, "hello", "hello-plugin.jar");
        assertEquals("Hello World", hello.getString("name"));
        assertEquals("1.2.3", hello.getString("version"));
        assertEquals("running", hello.getString("state"));

        JsonObject template = entry(plugins, "linked", "linked-plugin.jar");
        assertEquals(
                "running", template.getString("state"), "the template (plugins/template), built on the parent alone");
        assertEquals("1.0.0", template.getString("version"));

        JsonObject broken = entry(plugins, "broken-start", "broken-start-plugin.jar");
        assertEquals("failed", broken.getString("state"));
        assertEquals("IllegalStateException: upstream URL is not configured", broken.getString("reason"));

        JsonObject sneaky = entry(plugins, "sneaky", "sneaky-plugin.jar");
        assertEquals("failed", sneaky.getString("state"));
        assertTrue(
                sneaky.getString("reason")
                        .startsWith("It uses dev.hearth.security.Secrets,"
                                + " jakarta.enterprise.inject.Instance, jakarta.enterprise.inject.spi.CDI of Hearth's own classes,"
                                + " which plugins may not use"),
                sneaky::toString);
        assertFalse(SharedHearth.server().log().contains("sneaky read"), "it never ran");

        JsonObject duplicate = entry(plugins, "hello", "z-duplicate-hello.jar");
        assertEquals("failed", duplicate.getString("state"));
        assertTrue(duplicate.getString("reason").startsWith("Duplicate plugin id 'hello'"), duplicate::toString);
        assertTrue(SharedHearth.server().log().contains("hello plugin started at"), "the plugin's logger works");
    }

    @Test
    void usersSeeThePluginsButNotTheFailureDetails() throws Exception {
        api.createUser("viewer", "viewer-password", "user");
        List<JsonObject> plugins = plugins(api.token("viewer", "viewer-password"));

        assertEquals(
                13,
                plugins.size(),
                "the bundled nextcloud-talk, openproject and atlassian; hello, linked, slowpoke, oauthy, cloudy, painted,"
                        + " broken-start, sneaky, keeper and the duplicate from the plugin directory");
        plugins.forEach(p -> {
            assertFalse(p.containsKey("reason"), p::toString);
            assertFalse(p.containsKey("source"), p::toString);
        });
    }

    @Test
    void aPluginKeepsItsOwnDataAndEachUsersUntilTheUserGoes() throws Exception {
        long reader = api.createUser("greeted", "greeted-password", "user");
        String greeted = api.token("greeted", "greeted-password");
        api.createUser("other-reader", "other-reader-password", "user");
        String other = api.token("other-reader", "other-reader-password");

        JsonObject first = api.get("/api/v1/plugins/hello/greeting", greeted).json();
        JsonObject second = api.get("/api/v1/plugins/hello/greeting", greeted).json();
        JsonObject theirs = api.get("/api/v1/plugins/hello/greeting", other).json();

        assertEquals(1, first.getInt("visits"));
        assertEquals(2, second.getInt("visits"), "the user's value was kept");
        assertEquals(1, theirs.getInt("visits"), "each user has values of their own");
        assertEquals(first.getString("firstStarted"), theirs.getString("firstStarted"), "the plugin's own value");
        try (Connection db = SharedHearth.server().database()) {
            assertEquals(
                    "2",
                    value(
                            db,
                            "select data_value from plugin_user_data where plugin_id = 'hello'" + " and account_id = "
                                    + reader + " and data_key = 'visits'"));
            assertEquals(
                    first.getString("firstStarted"),
                    value(
                            db,
                            "select data_value from plugin_data"
                                    + " where plugin_id = 'hello' and data_key = 'first-started'"));

            assertEquals(
                    204,
                    api.send("DELETE", "/api/v1/admin/users/" + reader, api.adminToken(), null)
                            .status());
            assertEquals(
                    null,
                    value(db, "select data_value from plugin_user_data where account_id = " + reader),
                    "gone with the user");
        }
    }

    @Test
    void theStoreComparesKeysExactlyAndTakesPrefixesLiterally() throws Exception {
        api.createUser("keeper-user", "keeper-user-password", "user");

        Api.Reply reply = api.get("/api/v1/plugins/keeper/check", api.token("keeper-user", "keeper-user-password"));

        assertEquals(200, reply.status(), reply::toString);
        JsonObject seen = reply.json();
        assertEquals("upper", seen.getString("Key"), "Key and key are two keys");
        assertEquals("lower again", seen.getString("key"), "a second put replaces");
        assertEquals(
                "{\"50%_off\":\"percent\"}", seen.getJsonObject("prefix50%").toString(), "% and _ are literal");
        assertEquals("{\"a!b\":\"bang\"}", seen.getJsonObject("prefixA!").toString(), "! too");
        assertEquals(
                List.of("50%_off", "50x_off", "a!b", "key"),
                List.copyOf(seen.getJsonObject("afterRemove").keySet()),
                "removed, the rest in key order");
        assertEquals("plugin-wide", seen.getJsonObject("pluginWide").getString("shared"));
        assertEquals("refused", seen.getString("emptyKey"));
    }

    private static String value(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    @Test
    void anAdminDisablesAndEnablesAPlugin() throws Exception {
        String admin = api.adminToken();

        Api.Reply disabled = api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled::toString);
        assertEquals("disabled", disabled.json().getString("state"));
        assertEquals(
                "disabled", entry(plugins(admin), "hello", "hello-plugin.jar").getString("state"));
        assertEquals(
                "disabled", api.get("/api/v1/admin/plugins/hello", admin).json().getString("state"));

        Api.Reply enabled = api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":true}");
        assertEquals("running", enabled.json().getString("state"));
    }

    @Test
    void enablingABrokenPluginRetriesAndReportsTheFailureAgain() throws Exception {
        Api.Reply retried =
                api.send("PUT", "/api/v1/admin/plugins/broken-start", api.adminToken(), "{\"enabled\":true}");

        assertEquals(200, retried.status(), retried::toString);
        assertEquals("failed", retried.json().getString("state"));
        assertEquals(
                "IllegalStateException: upstream URL is not configured",
                retried.json().getString("reason"));
    }

    @Test
    void badPluginRequestsGetClearProblems() throws Exception {
        String admin = api.adminToken();

        assertProblem(
                api.send("PUT", "/api/v1/admin/plugins/no-such-plugin", admin, "{\"enabled\":false}"),
                404,
                "plugin_not_found");
        assertProblem(api.get("/api/v1/admin/plugins/no-such-plugin", admin), 404, "plugin_not_found");
        assertProblem(api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{}"), 400, "validation_failed");
        assertProblem(
                api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":\"maybe\"}"),
                400,
                "malformed_json");
        assertProblem(api.send("PUT", "/api/v1/admin/plugins/hello", admin, "not json"), 400, "malformed_json");
        assertEquals(
                "running", api.get("/api/v1/admin/plugins/hello", admin).json().getString("state"));
    }

    @Test
    void aPluginEndpointsFailuresAreProblemsThatNameNoInternals() throws Exception {
        api.createUser("endpoint-user", "endpoint-user-password", "user");
        String token = api.token("endpoint-user", "endpoint-user-password");
        Api.Reply teapot = api.get("/api/v1/plugins/slowpoke/teapot?who=Alice", token);
        assertProblem(teapot, 418, "short_and_stout");
        assertEquals("I am a teapot, Alice", teapot.json().getString("detail"));
        for (String path : new String[] {"broken", "unwritable"}) {
            Api.Reply failed = api.get("/api/v1/plugins/slowpoke/" + path, token);
            assertProblem(failed, 500, "plugin_failed");
            assertFalse(
                    failed.body().contains("IllegalStateException")
                            || failed.body().contains("cannot be read")
                            || failed.body().contains("bug in"),
                    failed::toString);
        }
        assertProblem(api.get("/api/v1/plugins/slowpoke/Broken", token), 404, "not_found");
    }
}
