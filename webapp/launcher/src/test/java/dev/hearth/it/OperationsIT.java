package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(4)
@ExtendWith(SharedHearth.class)
class OperationsIT {

    private final Api api = SharedHearth.api();

    @Test
    void healthSaysReadyAfterMigrationsAndLive() throws Exception {
        Api.Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        assertTrue(ready.body().contains("\"migrated\":\"true\""), ready::toString);
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
    void theLogSaysPortAndDatabase() throws Exception {
        String log = SharedHearth.server().log();
        assertTrue(log.contains("Hearth is ready on http://127.0.0.1:"), "port in the log");
        assertTrue(log.contains("Hearth database: MariaDB"), "database in the log");
        assertTrue(log.contains("with the embedded MariaDB at 127.0.0.1:"), "embedded database in the log");
        assertTrue(!log.contains(HearthServer.ADMIN_PASSWORD), "the admin password given by the operator is not logged");
    }

    @Test
    void everyMistakeGetsAProblemNeverAStackTrace() throws Exception {
        String admin = api.adminToken();
        assertProblem(api.get("/api/v1/no-such-thing", admin), 404, "not_found");
        assertProblem(api.get("/no-such-page", null), 404, "not_found");
        assertProblem(api.send("DELETE", "/api/v1/me", admin, null), 405, "method_not_allowed");
        assertProblem(api.send(api.request("/api/v1/auth/login").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("admin")).build()), 415, "unsupported_media_type");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, "{\"username\":"), 400, "malformed_json");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, "[1,2]"), 400, "malformed_json");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, "{}"), 400, "validation_failed");
        assertProblem(api.send("POST", "/api/v1/auth/login", null, null), 400, "validation_failed");
    }
}
