package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(7)
@ExtendWith(SharedHearth.class)
class DashboardIT {

    private final Api api = SharedHearth.api();
    private final FakeUpstream upstream = SharedHearth.upstream();

    /** A new user connected to the linked plugin with a token of their own. */
    private String connectedUser(String name) throws Exception {
        return api.linkedUser(name, upstream, name + " Upstream");
    }

    private Map<String, JsonObject> items(String token, String... widgets) throws Exception {
        String query = widgets.length == 0
                ? ""
                : "?" + java.util.Arrays.stream(widgets).map(w -> "widget=" + w).collect(Collectors.joining("&"));
        Api.Reply reply = api.get("/api/v1/dashboard/items" + query, token);
        assertEquals(200, reply.status(), reply::toString);
        Map<String, JsonObject> byId = new java.util.LinkedHashMap<>();
        reply.json()
                .getJsonArray("widgets")
                .forEach(w -> byId.put(w.asJsonObject().getString("id"), w.asJsonObject()));
        return byId;
    }

    @Test
    void theWidgetsOfRunningPluginsAreListed() throws Exception {
        api.createUser("looker", "looker-password", "user");
        Api.Reply reply = api.get("/api/v1/dashboard/widgets", api.token("looker", "looker-password"));

        List<JsonObject> widgets = reply.json().getJsonArray("widgets").stream()
                .map(JsonValue::asJsonObject)
                .toList();
        assertEquals(
                List.of(
                        "nextcloud-talk/recent-chats",
                        "openproject/notifications",
                        "atlassian/jira",
                        "linked/items",
                        "slowpoke/hang",
                        "painted/canvas",
                        "slowpoke/broken"),
                widgets.stream().map(w -> w.getString("id")).toList(),
                "by order, then id");
        JsonObject linked = widgets.get(3);
        assertEquals("Linked items", linked.getString("title"));
        assertEquals(30, linked.getInt("reloadInterval"));
        assertTrue(linked.getBoolean("visible"));
        assertTrue(linked.getBoolean("needsConnection"));
    }

    @Test
    void aWidgetWithoutConnectionAsksToConnect() throws Exception {
        api.createUser("unconnected", "unconnected-password", "user");

        JsonObject widget = items(api.token("unconnected", "unconnected-password"), "linked/items")
                .get("linked/items");

        assertEquals("not_connected", widget.getString("status"));
        assertTrue(widget.getString("message").contains("Connect your Linked Service account"));
        assertEquals(0, widget.getJsonArray("items").size());
    }

    @Test
    void eachWidgetAnswersWithItsOwnStatusInOneResponse() throws Exception {
        String user = connectedUser("mixed");

        Map<String, JsonObject> widgets = items(user, "linked/items", "slowpoke/hang", "slowpoke/broken");

        assertEquals(List.of("linked/items", "slowpoke/hang", "slowpoke/broken"), List.copyOf(widgets.keySet()));
        JsonObject linked = widgets.get("linked/items");
        assertEquals("ok", linked.getString("status"), linked::toString);
        assertEquals(2, linked.getInt("totalBadge"));
        JsonObject first = linked.getJsonArray("items").getJsonObject(0);
        assertEquals("Quarterly report", first.getString("title"));
        assertEquals("for mixed Upstream", first.getString("subtitle"));
        assertEquals(upstream.uri() + "/items/17", first.getString("link"));
        assertEquals(2, first.getInt("badge"));
        assertEquals("2026-11-24T09:30:00Z", first.getString("timestamp"));
        assertEquals(
                "<script>alert(1)</script>",
                linked.getJsonArray("items").getJsonObject(1).getString("title"),
                "upstream text is passed on as text, for the UI to escape");
        assertEquals("timeout", widgets.get("slowpoke/hang").getString("status"));
        assertEquals("error", widgets.get("slowpoke/broken").getString("status"));
        assertFalse(widgets.get("slowpoke/broken").toString().contains("bug in widget"), "no internals to the user");
    }

    @Test
    void concurrentRequestsShareOneUpstreamCallAndTheResultIsCached() throws Exception {
        String user = connectedUser("busy");
        ExecutorService tabs = Executors.newFixedThreadPool(20);
        List<Future<Map<String, JsonObject>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(tabs.submit(() -> items(user, "linked/items")));
        }
        for (Future<Map<String, JsonObject>> answer : answers) {
            assertEquals("ok", answer.get().get("linked/items").getString("status"));
        }
        tabs.shutdown();
        items(user, "linked/items");

        assertEquals(1, upstream.itemCalls("busy-token"), "one upstream call per user and widget per reload interval");
    }

    @Test
    void aRefusedTokenMarksTheConnectionExpired() throws Exception {
        String user = connectedUser("revoked");
        upstream.revoke("revoked-token");

        assertEquals("expired", items(user, "linked/items").get("linked/items").getString("status"));

        JsonObject connection = api.get("/api/v1/connections", user).array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals("linked"))
                .findFirst()
                .orElseThrow();
        assertEquals("expired", connection.getString("status"));
        int calls = upstream.itemCalls("revoked-token");
        assertEquals("expired", items(user, "linked/items").get("linked/items").getString("status"));
        assertEquals(calls, upstream.itemCalls("revoked-token"), "an expired connection is not asked again");
    }

    @Test
    void theLayoutChoosesAndOrdersTheWidgets() throws Exception {
        String user = connectedUser("arranger");

        Api.Reply saved = api.send(
                "PUT", "/api/v1/dashboard/layout", user, "{\"widgets\":[\"slowpoke/broken\",\"linked/items\"]}");

        assertEquals(200, saved.status(), saved::toString);
        List<JsonObject> widgets = api.get("/api/v1/dashboard/widgets", user).json().getJsonArray("widgets").stream()
                .map(JsonValue::asJsonObject)
                .toList();
        assertEquals(
                List.of(
                        "slowpoke/broken",
                        "linked/items",
                        "nextcloud-talk/recent-chats",
                        "openproject/notifications",
                        "atlassian/jira",
                        "slowpoke/hang",
                        "painted/canvas"),
                widgets.stream().map(w -> w.getString("id")).toList());
        assertEquals(
                List.of(true, true, false, false, false, false, false),
                widgets.stream().map(w -> w.getBoolean("visible")).toList());
        assertEquals(
                List.of("slowpoke/broken", "linked/items"),
                List.copyOf(items(user).keySet()),
                "without widget parameters: the ones the user shows");
    }

    @Test
    void unknownWidgetsAndBadLayoutsAreRefused() throws Exception {
        String user = connectedUser("confused");

        JsonObject problem = assertProblem(
                api.get("/api/v1/dashboard/items?widget=linked/items&widget=nope/x", user), 400, "unknown_widget");
        assertEquals("nope/x", problem.getJsonArray("widgets").getString(0));
        assertProblem(
                api.send("PUT", "/api/v1/dashboard/layout", user, "{\"widgets\":[\"nope/x\"]}"), 400, "unknown_widget");
        assertProblem(api.send("PUT", "/api/v1/dashboard/layout", user, "{}"), 400, "validation_failed");
        assertProblem(
                api.send("PUT", "/api/v1/dashboard/layout", user, "{\"widgets\":\"linked/items\"}"),
                400,
                "malformed_json");
        assertProblem(api.get("/api/v1/dashboard/items", null), 401, "authentication_required");
    }
}
