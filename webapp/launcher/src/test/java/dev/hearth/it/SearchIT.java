package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Order(8)
@ExtendWith(SharedHearth.class)
class SearchIT {

    private final Api api = SharedHearth.api();
    private final FakeUpstream upstream = SharedHearth.upstream();

    private String connectedUser(String name) throws Exception {
        return api.linkedUser(name, upstream, name);
    }

    private static Map<String, JsonObject> byProvider(Api.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        Map<String, JsonObject> result = new LinkedHashMap<>();
        reply.json()
                .getJsonArray("providers")
                .forEach(p -> result.put(p.asJsonObject().getString("id"), p.asJsonObject()));
        return result;
    }

    @Test
    void theProvidersOfRunningPluginsAreListed() throws Exception {
        api.createUser("searcher", "searcher-password", "user");
        List<String> ids = api
                .get("/api/v1/search/providers", api.token("searcher", "searcher-password"))
                .json()
                .getJsonArray("providers")
                .stream()
                .map(p -> p.asJsonObject().getString("id"))
                .toList();

        assertEquals(
                List.of(
                        "nextcloud-talk/conversations",
                        "openproject/work-packages",
                        "atlassian/jira-issues",
                        "atlassian/confluence-pages",
                        "linked/docs",
                        "oauthy/docs",
                        "slowpoke/hang",
                        "slowpoke/broken"),
                ids);
    }

    @Test
    void eachProviderAnswersWithItsOwnStatus() throws Exception {
        String user = connectedUser("finder");

        Map<String, JsonObject> answer = byProvider(api.get("/api/v1/search?term=report", user));

        JsonObject docs = answer.get("linked/docs");
        assertEquals("ok", docs.getString("status"), docs::toString);
        assertEquals(
                4, docs.getJsonArray("entries").size(), "the four 'report' documents, under the default limit of 5");
        JsonObject first = docs.getJsonArray("entries").getJsonObject(0);
        assertEquals("Annual report 2025", first.getString("title"));
        assertEquals("Project Demo", first.getString("subline"));
        assertEquals(upstream.uri() + "/docs/0", first.getString("link"));
        assertEquals("timeout", answer.get("slowpoke/hang").getString("status"));
        assertEquals("error", answer.get("slowpoke/broken").getString("status"));
    }

    @Test
    void withoutAConnectionTheProviderSaysSo() throws Exception {
        api.createUser("stranger", "stranger-password", "user");

        Map<String, JsonObject> answer = byProvider(
                api.get("/api/v1/search?term=report&provider=linked/docs", api.token("stranger", "stranger-password")));

        assertEquals(List.of("linked/docs"), List.copyOf(answer.keySet()));
        assertEquals("not_connected", answer.get("linked/docs").getString("status"));
    }

    @Test
    void theLimitIsClampedAndCursorsPage() throws Exception {
        String user = connectedUser("pager");

        byProvider(api.get("/api/v1/search?term=report&provider=linked/docs&limit=1000", user));
        assertEquals(25, upstream.lastSearchLimit, "clamped");

        JsonObject page1 = byProvider(api.get("/api/v1/search?term=report&provider=linked/docs&limit=3", user))
                .get("linked/docs");
        assertEquals(3, page1.getJsonArray("entries").size());
        String cursor = page1.getString("cursor");
        JsonObject page2 = byProvider(api.get(
                        "/api/v1/search?term=report&limit=3&cursor="
                                + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                        user))
                .get("linked/docs");
        assertEquals(
                List.of("Report archive"),
                page2.getJsonArray("entries").stream()
                        .map(e -> e.asJsonObject().getString("title"))
                        .toList());
        assertFalse(page2.containsKey("cursor"), "the last page has no cursor");
    }

    @Test
    void theStreamDeliversEachProviderAsItAnswersThenDone() throws Exception {
        String user = connectedUser("streamer");

        Api.Reply stream = api.send(api.request("/api/v1/search/stream?term=report")
                .header("Authorization", "Bearer " + user)
                .header("Accept", "text/event-stream")
                .GET()
                .build());

        assertEquals(200, stream.status(), stream::toString);
        assertTrue(stream.header("content-type").startsWith("text/event-stream"));
        List<String> events = stream.body()
                .lines()
                .filter(l -> l.startsWith("event:"))
                .map(l -> l.substring(6).strip())
                .toList();
        assertEquals(
                List.of(
                        "provider",
                        "provider",
                        "provider",
                        "provider",
                        "provider",
                        "provider",
                        "provider",
                        "provider",
                        "done"),
                events,
                stream.body());
        List<JsonObject> providers = stream.body()
                .lines()
                .filter(l -> l.startsWith("data:") && l.contains("\"status\""))
                .map(l -> Json.createReader(new StringReader(l.substring(5).strip()))
                        .readObject())
                .toList();
        JsonObject last = providers.get(providers.size() - 1);
        assertEquals("slowpoke/hang", last.getString("id"), "the hanging provider comes last, by its timeout");
        assertEquals("timeout", last.getString("status"));
        assertNotNull(providers.stream()
                .filter(p -> p.getString("id").equals("linked/docs")
                        && p.getString("status").equals("ok"))
                .findFirst()
                .orElse(null));
    }

    @Test
    void aUserCannotPileUpSearchesOnAHangingProvider() throws Exception {
        String user = connectedUser("piler");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        List<java.net.http.HttpResponse<java.util.stream.Stream<String>>> open = new java.util.ArrayList<>();
        int providers = api.get("/api/v1/search/providers", user)
                .json()
                .getJsonArray("providers")
                .size();
        for (int i = 0; i < 3 * providers; i++) { // each holds one call to the hanging provider after it answered
            open.add(client.sendAsync(
                            api.request("/api/v1/search/stream?term=pile&provider=slowpoke/hang")
                                    .header("Authorization", "Bearer " + user)
                                    .header("Accept", "text/event-stream")
                                    .GET()
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofLines())
                    .get(20, java.util.concurrent.TimeUnit.SECONDS));
        }
        open.forEach(r -> assertEquals(200, r.statusCode()));

        assertProblem(api.get("/api/v1/search?term=pile&provider=slowpoke/hang", user), 429, "too_many_searches");
        assertEquals(
                200,
                api.get("/api/v1/search?term=report&provider=linked/docs", connectedUser("pile-other"))
                        .status(),
                "another user searches as before");
        Eventually.eventually("searching again once the hanging calls have ended", () -> {
            try {
                return api.get("/api/v1/search?term=pile&provider=linked/docs", user)
                                .status()
                        == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        open.forEach(r -> r.body().close());
    }

    @Test
    void badSearchesGetClearProblems() throws Exception {
        String user = connectedUser("typo");

        assertProblem(api.get("/api/v1/search", user), 400, "validation_failed");
        assertProblem(api.get("/api/v1/search?term=%20%20", user), 400, "validation_failed");
        assertProblem(api.get("/api/v1/search?term=x&limit=lots", user), 400, "validation_failed");
        JsonObject unknown =
                assertProblem(api.get("/api/v1/search?term=x&provider=nope/nothing", user), 400, "unknown_provider");
        assertEquals("nope/nothing", unknown.getJsonArray("providers").getString(0));
        assertProblem(api.get("/api/v1/search?term=x&cursor=garbage", user), 400, "invalid_cursor");
        assertProblem(api.get("/api/v1/search/stream?term=", user), 400, "validation_failed");
        assertProblem(api.get("/api/v1/search?term=x", null), 401, "authentication_required");
        assertTrue(api.get("/api/v1/search/providers", user).json().getJsonArray("providers").stream()
                .map(JsonValue::asJsonObject)
                .allMatch(p -> p.containsKey("name")));
    }
}
