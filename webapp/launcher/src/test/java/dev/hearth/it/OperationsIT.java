package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(4)
@ExtendWith(SharedHearth.class)
class OperationsIT {

    private final Api api = SharedHearth.api();

    @Test
    void healthSaysReadyCheckByCheckAndLive() throws Exception {
        Api.Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        java.util.Map<String, jakarta.json.JsonObject> checks = new java.util.HashMap<>();
        ready.json()
                .getJsonArray("checks")
                .forEach(c -> checks.put(c.asJsonObject().getString("name"), c.asJsonObject()));
        assertEquals(
                java.util.Set.of("schema", "database", "plugins", "cluster", "accepting"),
                checks.keySet(),
                ready::toString);
        checks.values().forEach(c -> assertEquals("UP", c.getString("status"), c::toString));
        assertEquals("1", Api.text(checks.get("cluster").getJsonObject("data"), "members"), "alone");
        assertTrue(
                checks.get("plugins").getJsonObject("data").getString("failed").contains("broken"), ready::toString);
        assertEquals(200, api.get("/health/live", null).status());
    }

    @Test
    void metricsAndOpenApiAreServed() throws Exception {
        assertEquals(200, api.get("/metrics", null).status());
        Api.Reply openapi = api.get("/openapi", null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().contains("/api/v1/auth/login"), "the OpenAPI document lists Hearth's API");
    }

    @Test
    void metricsCountEachContributionsCallsByOutcomeTheirDurationAndTimeouts() throws Exception {
        api.createUser("metered", "metered-password", "user");
        String token = api.token("metered", "metered-password");
        assertEquals(
                200,
                api.get("/api/v1/dashboard/items?widget=slowpoke/broken&widget=slowpoke/hang", token)
                        .status());

        List<String> lines =
                api.get("/metrics?scope=application", null).body().lines().toList();
        assertMetric(
                lines,
                "hearth_plugin_calls_total{",
                "plugin=\"slowpoke\"",
                "contribution=\"slowpoke/broken\"",
                "kind=\"widget\"",
                "outcome=\"failed\"");
        assertMetric(
                lines,
                "hearth_plugin_call_duration_seconds_count{",
                "plugin=\"slowpoke\"",
                "contribution=\"slowpoke/broken\"");
        assertMetric(lines, "hearth_plugin_timeouts_total{", "plugin=\"slowpoke\"", "contribution=\"slowpoke/hang\"");
        assertMetric(lines, "hearth_widget_cache_total{", "result=\"load\"");
        assertMetric(lines, "hearth_connections{", "status=\"connected\"");
    }

    /** A metric's line with all these parts and a value. */
    private static void assertMetric(List<String> lines, String name, String... parts) {
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith(name)
                                && java.util.Arrays.stream(parts).allMatch(l::contains)
                                && l.matches(".*} [0-9.eE+-]+$")),
                () -> name + " with " + List.of(parts) + " in:\n"
                        + String.join(
                                "\n",
                                lines.stream()
                                        .filter(l -> l.startsWith("hearth_"))
                                        .toList()));
    }

    @Test
    void theEmbeddedDatabaseHasNoAnonymousUserAndNoTestDatabase() throws Exception {
        String url = SharedHearth.server().databaseUrl();
        assertThrows(
                java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection(url.replace("/hearth", "/"), "", "")
                        .close(),
                "anonymous sign-in refused");
        try (java.sql.Connection db = SharedHearth.server().database();
                java.sql.ResultSet schemas = db.createStatement().executeQuery("show databases like 'test'")) {
            assertFalse(schemas.next(), "no test database");
        }
    }

    /** MariaDB's binaries are unpacked once into the shared cache, not into every data directory at every start. */
    @Test
    void theEmbeddedDatabasesBinariesComeFromTheSharedCache() throws Exception {
        assertFalse(
                java.nio.file.Files.exists(SharedHearth.server().dataDir().resolve("mariadb/base")),
                "nothing unpacked into the data directory");
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("user.home"), ".cache/hearth/mariadb");
        try (var versions = java.nio.file.Files.list(cache)) {
            assertTrue(
                    versions.anyMatch(v -> java.nio.file.Files.exists(v.resolve(".unpacked"))),
                    "one version unpacked, completely, in " + cache);
        }
    }

    @Test
    void theLogHasOneLinePerEventWithoutColourCodesChatterOrSecrets() throws Exception {
        HearthServer server = SharedHearth.server();
        String log = server.log();
        java.util.regex.Pattern event = java.util.regex.Pattern.compile(
                "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) [^ ]+: .*");
        List<String> others = log.lines()
                .filter(line -> !line.isEmpty() && !event.matcher(line).matches())
                .toList();
        assertEquals(List.of(), others, "every line is one event");
        assertFalse(log.contains("\u001b"), "no colour codes");
        assertFalse(log.contains(" INFO ch.vorburger"), "the embedded MariaDB's start-up output is below INFO");
        assertFalse(log.contains(server.databasePassword()), "the database password is never logged");
        assertFalse(log.contains(server.encryptionKey().split(":")[1]), "the encryption key is never logged");
        assertFalse(log.contains(HearthServer.ADMIN_PASSWORD), "the administrator's password is never logged");
    }

    @Test
    void theLogSaysPortAndDatabase() throws Exception {
        String log = SharedHearth.server().log();
        assertTrue(log.contains("Hearth is ready on http://127.0.0.1:"), "port in the log");
        assertTrue(log.contains("Hearth database: MariaDB"), "database in the log");
        assertTrue(log.contains("with the embedded MariaDB at 127.0.0.1:"), "embedded database in the log");
        assertTrue(
                !log.contains(HearthServer.ADMIN_PASSWORD), "the admin password given by the operator is not logged");
    }

    @Test
    void everyMistakeGetsAProblemNeverAStackTrace() throws Exception {
        String admin = api.adminToken();
        assertProblem(api.get("/api/v1/no-such-thing", admin), 404, "not_found");
        assertProblem(api.get("/no-such-page", null), 404, "not_found");
        assertProblem(api.send("DELETE", "/api/v1/me", admin, null), 405, "method_not_allowed");
        assertProblem(
                api.send(api.request("/api/v1/auth/login")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("admin"))
                        .build()),
                415,
                "unsupported_media_type");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, "{\"username\":"), 400, "malformed_json");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, "[1,2]"), 400, "malformed_json");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, "{}"), 400, "validation_failed");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, null), 400, "validation_failed");
    }

    private Api.Reply browserGet(String path) throws Exception {
        return api.send(api.request(path)
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .GET()
                .build());
    }

    @Test
    void theWebUiIsOnePageWithSecurityHeadersAndCachedHashedAssets() throws Exception {
        Api.Reply home = browserGet("/");
        assertEquals(200, home.status());
        assertTrue(home.header("content-type").startsWith("text/html"), home::toString);
        assertEquals("no-cache", home.header("cache-control"));
        assertTrue(home.header("content-security-policy").contains("script-src 'self';"), home::toString);
        assertEquals("nosniff", home.header("x-content-type-options"));
        Matcher script = Pattern.compile("src=\"(/assets/app-[A-Z0-9]+\\.js)\"").matcher(home.body());
        assertTrue(script.find(), home::body);

        assertEquals(home.body(), browserGet("/settings/connections").body(), "every page path is the same page");
        assertEquals(200, browserGet("/admin/users").status());
        Api.Reply unknown = browserGet("/no-such-page");
        assertEquals(404, unknown.status(), "the page says it does not exist, with the right status");
        assertEquals(home.body(), unknown.body());

        Api.Reply asset = api.get(script.group(1), null);
        assertEquals(200, asset.status());
        assertEquals("public, max-age=31536000, immutable", asset.header("cache-control"));
        assertTrue(asset.header("content-type").contains("javascript"), asset::toString);
        assertProblem(api.get("/assets/app-NOSUCHHASH.js", null), 404, "not_found");
    }

    @Test
    void pluginsServeTheirWidgetModulesFromTheirOwnJarOnly() throws Exception {
        Api.Reply module = api.get("/plugin-assets/painted/painted/canvas.js", null);
        assertEquals(200, module.status(), module::toString);
        assertTrue(module.header("content-type").startsWith("text/javascript"));
        assertTrue(module.body().contains("customElements.define('painted-canvas'"));
        assertProblem(api.get("/plugin-assets/hello/painted/canvas.js", null), 404, "not_found");
        assertProblem(api.get("/plugin-assets/painted/.hidden.js", null), 404, "not_found");
        assertProblem(api.get("/plugin-assets/painted/painted/missing.js", null), 404, "not_found");
        assertProblem(api.get("/plugin-assets/nope/x.js", null), 404, "not_found");
    }
}
