package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(5)
@ExtendWith(SharedHearth.class)
class PluginSettingsIT {

    private final Api api = SharedHearth.api();

    private Map<String, JsonObject> settings(String admin) throws Exception {
        Api.Reply reply = api.get("/api/v1/admin/plugins/hello", admin);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("settings").stream()
                .map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(s -> s.getString("name"), s -> s));
    }

    @Test
    void adminsSeeTheDeclaredSettingsWithWhereTheirValuesComeFrom() throws Exception {
        Map<String, JsonObject> settings = settings(api.adminToken());

        assertEquals("Greeting", settings.get("greeting").getString("label"));
        assertEquals("string", settings.get("greeting").getString("type"));
        assertEquals("default", settings.get("greeting").getString("source"));
        assertEquals("Hello", settings.get("greeting").getString("value"));
        assertEquals("config", settings.get("url").getString("source"), "HEARTH_PLUGIN_HELLO_URL");
        assertEquals("https://hello.example/greetings/", settings.get("url").getString("value"));
        assertEquals("Where the greetings live", settings.get("url").getString("help"));
        assertTrue(settings.get("apiKey").getBoolean("secret"));
        assertFalse(settings.get("apiKey").getBoolean("set"));
        assertFalse(settings.get("apiKey").containsKey("value"));
        assertTrue(
                SharedHearth.server()
                        .log()
                        .contains("greeting=Hello, url=https://hello.example/greetings/, apiKey=unset"),
                "the plugin read them at start");
    }

    @Test
    void secretsAreWriteOnlyEncryptedAndReachThePlugin() throws Exception {
        String admin = api.adminToken();

        Api.Reply saved = api.send(
                "PUT",
                "/api/v1/admin/plugins/hello",
                admin,
                "{\"settings\":{\"greeting\":\"Servus\",\"apiKey\":\"s3cret-api-key\",\"url\":\"https://other.example/\"}}");

        assertEquals(200, saved.status(), saved::toString);
        assertFalse(saved.body().contains("s3cret"), "a secret never comes back");
        Map<String, JsonObject> settings = settings(admin);
        assertTrue(settings.get("apiKey").getBoolean("set"));
        assertEquals("admin", settings.get("apiKey").getString("source"));
        assertEquals("Servus", settings.get("greeting").getString("value"));
        assertEquals("https://other.example", settings.get("url").getString("value"), "normalized");
        try (Connection db = SharedHearth.server().database();
                ResultSet row = db.createStatement()
                        .executeQuery(
                                "select value, encrypted from plugin_setting where plugin_id = 'hello' and name = 'apiKey'")) {
            row.next();
            assertTrue(row.getString(1).startsWith("v1:"), row.getString(1));
            assertFalse(row.getString(1).contains("s3cret"));
            assertTrue(row.getBoolean(2));
        }

        api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":false}");
        api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":true}");
        String log = SharedHearth.server().log();
        assertTrue(
                log.contains("greeting=Servus, url=https://other.example, apiKey=set (14 chars)"),
                "decrypted for the plugin");
        assertFalse(log.contains("s3cret-api-key"), "never logged");

        api.send(
                "PUT",
                "/api/v1/admin/plugins/hello",
                admin,
                "{\"settings\":{\"greeting\":null,\"url\":null,\"apiKey\":null}}");
        settings = settings(admin);
        assertEquals("default", settings.get("greeting").getString("source"), "cleared: back to the default");
        assertEquals("config", settings.get("url").getString("source"), "cleared: back to the configuration");
        assertFalse(settings.get("apiKey").getBoolean("set"));
    }

    @Test
    void badValuesAreRefusedAndChangeNothing() throws Exception {
        String admin = api.adminToken();

        JsonObject problem = assertProblem(
                api.send(
                        "PUT",
                        "/api/v1/admin/plugins/hello",
                        admin,
                        "{\"enabled\":false,\"settings\":{\"greeting\":\"Moin\",\"url\":\"not a url\",\"verbose\":\"yes\",\"nope\":1}}"),
                400,
                "validation_failed");

        assertEquals(3, problem.getJsonArray("errors").size(), problem::toString);
        assertTrue(problem.getString("detail").contains("settings.url"), problem::toString);
        Map<String, JsonObject> settings = settings(admin);
        assertEquals("default", settings.get("greeting").getString("source"), "the good value was not stored either");
        assertEquals(
                "running",
                api.get("/api/v1/admin/plugins/hello", admin).json().getString("state"),
                "nor was the plugin disabled");
        assertProblem(
                api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"settings\":[1]}"), 400, "malformed_json");
    }

    @Test
    void usersCannotReadOrChangeSettings() throws Exception {
        api.createUser("curious", "curious-password", "user");
        String user = api.token("curious", "curious-password");

        assertProblem(api.get("/api/v1/admin/plugins/hello", user), 403, "forbidden");
        assertProblem(
                api.send("PUT", "/api/v1/admin/plugins/hello", user, "{\"settings\":{\"greeting\":\"x\"}}"),
                403,
                "forbidden");
    }
}
