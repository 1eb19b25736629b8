package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JSON that ends too soon, from clients and from upstreams. The JSON-P parser Payara ships loops forever when it is
 * asked to skip an array or object that the input never closes (eclipse-ee4j/parsson#23), and JSON-B skips every
 * property it does not know that way: before Hearth checked bodies whole, each of these requests kept a CPU core
 * busy for good. Every answer here must come at once, and afterwards no thread of Hearth may still be busy.
 */
@Order(13)
@ExtendWith(SharedHearth.class)
class HostileJsonIT {

    /** Cut short, most of them inside an array or object that a binding would skip as an unknown property. */
    private static final List<String> CUT_SHORT = List.of(
            "{\"a\": [1, 2",
            "{\"a\": {\"b\": 1",
            "[",
            "{",
            "{\"a\": [[[[",
            "{\"username\": \"admin\", \"password\": \"x\", \"extra\": [",
            "{\"flow\": \"token\", \"extra\": {\"deeper\": [{\"x\": ",
            "[{\"id\": \"1\", \"extra\": [1, {\"b\": [",
            "{\"items\": [], \"results\": [], \"next\": null, \"extra\": {",
            "{\"a\": \"never ends");

    /** Far longer than any answer takes; a request caught in the loop never answers at all. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private final Api api = SharedHearth.api();
    private final FakeUpstream upstream = SharedHearth.upstream();

    private Api.Reply send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = api.request(path)
                .timeout(PROMPTLY)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return api.send(request.build());
    }

    @Test
    void requestBodiesCutShortAreRefusedAtOnceOnEveryEndpoint() throws Exception {
        String admin = api.adminToken();
        String user = api.linkedUser("cutter", upstream, "Cutter");
        for (String body : CUT_SHORT) {
            assertProblem(send("POST", "/api/v1/auth/login", null, body), 400, "malformed_json");
            assertProblem(send("PUT", "/api/v1/dashboard/layout", user, body), 400, "malformed_json");
            assertProblem(send("POST", "/api/v1/connections/linked", user, body), 400, "malformed_json");
            assertProblem(send("POST", "/api/v1/connections/cloudy/poll", user, body), 400, "malformed_json");
            assertProblem(send("POST", "/api/v1/admin/users", admin, body), 400, "malformed_json");
            assertProblem(send("PUT", "/api/v1/admin/plugins/hello", admin, body), 400, "malformed_json");
            // plugins' own endpoints are read-only: a body never reaches them
            assertProblem(send("POST", "/api/v1/plugins/slowpoke/teapot", user, body), 405, "method_not_allowed");
        }
        JsonObject problem =
                assertProblem(send("POST", "/api/v1/auth/login", null, "{\"a\": [1, 2"), 400, "malformed_json");
        assertTrue(
                problem.getString("detail").endsWith("it ends after 11 characters, before the JSON text is complete."),
                problem::toString);
        assertEquals(
                "Cutter",
                api.get("/api/v1/connections", user).array().stream()
                        .map(c -> c.asJsonObject())
                        .filter(c -> c.getString("pluginId").equals("linked"))
                        .findFirst()
                        .orElseThrow()
                        .getString("accountName"),
                "nothing was lost");
        assertNoThreadStaysBusy();
    }

    @Test
    void upstreamAnswersCutShortAreTheUpstreamsFault() throws Exception {
        for (int i = 0; i < CUT_SHORT.size(); i++) {
            String name = "snipped" + i;
            String user = api.linkedUser(name, upstream, "Snipped");
            upstream.answerWith(name + "-token", CUT_SHORT.get(i));

            Api.Reply items = api.get("/api/v1/dashboard/items?widget=linked/items", user);
            assertEquals(200, items.status(), items::toString);
            JsonObject widget = items.json().getJsonArray("widgets").getJsonObject(0);
            assertEquals("error", widget.getString("status"), widget::toString);

            Api.Reply search = api.get("/api/v1/search?term=report&provider=linked/docs", user);
            assertEquals(200, search.status(), search::toString);
            JsonObject docs = search.json().getJsonArray("providers").getJsonObject(0);
            assertEquals("error", docs.getString("status"), docs::toString);
        }
        // the background poller has met the same answers for every one of these users by now
        Eventually.eventually(
                "the notification poller asked the upstream",
                () -> upstream.feedCalls("snipped" + (CUT_SHORT.size() - 1) + "-token") > 0);
        assertNoThreadStaysBusy();
    }

    @Test
    void anUpstreamAnswerOverTheLimitIsTheUpstreamsFault() throws Exception {
        String user = api.linkedUser("flooded", upstream, "Flooded");
        String item = "{\"id\":\"1\",\"title\":\"" + "x".repeat(1000)
                + "\",\"unread\":0,\"updated\":\"2026-11-24T09:30:00Z\"}";
        upstream.answerWith("flooded-token", "[" + String.join(",", java.util.Collections.nCopies(5000, item)) + "]");

        JsonObject widget = api.get("/api/v1/dashboard/items?widget=linked/items", user)
                .json()
                .getJsonArray("widgets")
                .getJsonObject(0);

        assertEquals("error", widget.getString("status"), "5 MB, over HEARTH_HTTP_BODY_LIMIT's 4 MiB: " + widget);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        String huge = "{\"username\": \"" + "a".repeat(1_100_000) + "\", \"password\": \"x\"}";
        assertProblem(send("POST", "/api/v1/auth/login", null, huge), 413, "payload_too_large");

        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        Api.Reply chunked = api.send(api.request("/api/v1/auth/login")
                .timeout(PROMPTLY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());
        assertProblem(chunked, 413, "payload_too_large");
    }

    /** Measured on the server's threads: a request caught in a loop keeps one of them near 100 %. */
    private static void assertNoThreadStaysBusy() throws Exception {
        double busiest = SharedHearth.server().busiestThread(Duration.ofSeconds(3));
        System.out.printf(
                "HostileJsonIT: busiest Hearth thread over 3 s after the requests: %.0f %% of a core%n", busiest * 100);
        assertTrue(
                busiest < 0.5, () -> "a thread of Hearth is still busy: " + Math.round(busiest * 100) + " % of a core");
    }
}
