package dev.hearth.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Hearth's REST API as a client sees it. */
final class Api {

    /** Where a path goes: the server's URL for it (its port may change at a restart). */
    private final java.util.function.Function<String, java.net.URI> uri;
    /**
     * HTTP/1.1 as browsers speak it to a plain-HTTP server. (The JDK client's default, an {@code h2c} upgrade, makes
     * it hang on a request whose body the server refuses before reading it all, such as a 413, although the server
     * answered; curl and the JDK client on HTTP/1.1 get the answer at once.)
     */
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Api(HearthServer server) {
        this.uri = server::uri;
    }

    /** The API behind another address: a load balancer in front of several instances. */
    Api(java.net.URI root) {
        this.uri = path -> root.resolve(path);
    }

    /** One answer: status, headers, body. */
    record Reply(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        List<String> headers(String name) {
            return response.headers().allValues(name);
        }

        JsonObject json() {
            return Json.createReader(new StringReader(body())).readObject();
        }

        JsonArray array() {
            return Json.createReader(new StringReader(body())).readArray();
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }

    /** A value as text, whether it came as a JSON string or number (health check data come as either). */
    static String text(JsonObject object, String name) {
        jakarta.json.JsonValue value = object.get(name);
        return value instanceof jakarta.json.JsonString string ? string.getString() : String.valueOf(value);
    }

    /** Opens the user's notification event stream, as a page does; it must answer 200. */
    HttpResponse<java.util.stream.Stream<String>> openEvents(String token) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient()
                .sendAsync(
                        request("/api/v1/notifications/stream")
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        org.junit.jupiter.api.Assertions.assertEquals(200, stream.statusCode());
        return stream;
    }

    /** The next line of an event stream that is wanted, waiting up to 30 s; {@code null} when the stream ended. */
    static String nextLine(java.util.Iterator<String> lines, java.util.function.Predicate<String> wanted)
            throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    while (lines.hasNext()) {
                        String line = lines.next();
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                    return null;
                })
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri.apply(path)).timeout(Duration.ofSeconds(30));
    }

    /**
     * Sends once more when the server closed a kept-alive connection just as the client reused it (the suites share
     * one client, and Payara closes idle connections): the request got no answer at all, so it was never handled.
     */
    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return new Reply(response.statusCode(), response);
    }

    /** The signed-in user's connection to one plugin, as {@code GET /api/v1/connections} lists it. */
    JsonObject connection(String token, String pluginId) throws IOException, InterruptedException {
        return get("/api/v1/connections", token).array().stream()
                .map(jakarta.json.JsonValue::asJsonObject)
                .filter(c -> c.getString("pluginId").equals(pluginId))
                .findFirst()
                .orElseThrow();
    }

    /** One widget's answer from {@code GET /api/v1/dashboard/items}, which must be 200. */
    JsonObject widget(String token, String widgetId) throws IOException, InterruptedException {
        Reply reply = get("/api/v1/dashboard/items?widget=" + widgetId, token);
        org.junit.jupiter.api.Assertions.assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("widgets").getJsonObject(0);
    }

    /** Each provider's answer from {@code GET /api/v1/search}, by provider id; the term is encoded here. */
    java.util.Map<String, JsonObject> search(String token, String term) throws IOException, InterruptedException {
        Reply reply = get(
                "/api/v1/search?term=" + java.net.URLEncoder.encode(term, java.nio.charset.StandardCharsets.UTF_8),
                token);
        org.junit.jupiter.api.Assertions.assertEquals(200, reply.status(), reply::toString);
        java.util.Map<String, JsonObject> byId = new java.util.LinkedHashMap<>();
        reply.json()
                .getJsonArray("providers")
                .forEach(p -> byId.put(p.asJsonObject().getString("id"), p.asJsonObject()));
        return byId;
    }

    Reply get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    Reply send(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request.build());
    }

    Reply login(String username, String password) throws IOException, InterruptedException {
        return send(
                "POST",
                "/api/v1/auth/login",
                null,
                Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", password)
                        .build()
                        .toString());
    }

    /** Signs in and answers the access token; fails the test when sign-in fails. */
    String token(String username, String password) throws IOException, InterruptedException {
        Reply reply = login(username, password);
        if (reply.status() != 200) {
            throw new AssertionError("sign-in as " + username + " failed: " + reply);
        }
        return reply.json().getString("accessToken");
    }

    String adminToken() throws IOException, InterruptedException {
        return token("admin", HearthServer.ADMIN_PASSWORD);
    }

    /**
     * Creates a user and connects them to the fake upstream's "linked" plugin with the upstream token
     * {@code <name>-token}, whose account is called {@code accountName}; answers the user's access token.
     */
    String linkedUser(String name, FakeUpstream upstream, String accountName) throws IOException, InterruptedException {
        createUser(name, name + "-password", "user");
        String token = token(name, name + "-password");
        upstream.accept(name + "-token", accountName);
        Reply connected = send(
                "POST",
                "/api/v1/connections/linked",
                token,
                Json.createObjectBuilder()
                        .add("flow", "token")
                        .add("instanceUrl", upstream.uri().toString())
                        .add("token", name + "-token")
                        .build()
                        .toString());
        if (connected.status() != 201) {
            throw new AssertionError("connecting " + name + " failed: " + connected);
        }
        return token;
    }

    /** Creates a user (as admin) and answers its id. */
    long createUser(String username, String password, String role) throws IOException, InterruptedException {
        Reply reply = send(
                "POST",
                "/api/v1/admin/users",
                adminToken(),
                Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", password)
                        .add("role", role)
                        .build()
                        .toString());
        if (reply.status() != 201) {
            throw new AssertionError("creating " + username + " failed: " + reply);
        }
        return reply.json().getJsonNumber("id").longValue();
    }
}
