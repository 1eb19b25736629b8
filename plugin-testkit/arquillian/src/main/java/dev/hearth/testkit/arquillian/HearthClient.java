package dev.hearth.testkit.arquillian;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Hearth's REST API as a signed-in user calls it, for in-container tests: {@code GET}, {@code POST}, {@code PUT} and
 * {@code DELETE} with JSON, and the few steps most plugin tests need (create a user, connect an account, set the
 * plugin's settings). Signing in waits for Hearth to be ready first, so the first test of a class does not race
 * Hearth's start.
 *
 * @since 0.4
 */
public final class HearthClient {

    /** The first administrator's username; the password is generated for each test run. */
    public static final String ADMIN = "admin";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    // HTTP/1.1, as browsers speak to a plain-HTTP server (the JDK client's h2c upgrade can hang on an early error).
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;
    private final String token;

    private HearthClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Signs in as the first administrator. */
    public static HearthClient admin(URL hearth) throws IOException, InterruptedException {
        String password = HearthEnvironment.adminPassword;
        if (password == null) {
            throw new IllegalStateException("Annotate the test class with @HearthPluginIT: it starts Hearth's database"
                    + " and sets the administrator's password.");
        }
        return signIn(hearth, ADMIN, password);
    }

    /** Signs in with a username and password; fails the test when Hearth refuses. */
    public static HearthClient signIn(URL hearth, String username, String password)
            throws IOException, InterruptedException {
        URI base = URI.create(hearth.toString().replaceAll("/+$", ""));
        waitUntilReady(base);
        HearthClient anonymous = new HearthClient(base, null);
        Reply reply = anonymous.post(
                "/api/v1/auth/login",
                Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", password)
                        .build());
        if (reply.status() != 200) {
            throw new AssertionError("Signing in as " + username + " failed: " + reply);
        }
        return new HearthClient(base, reply.json().getString("accessToken"));
    }

    /** As an administrator: creates a user with the role {@code user} and signs in as them. */
    public HearthClient createUser(String username, String password) throws IOException, InterruptedException {
        expect(
                201,
                post(
                        "/api/v1/admin/users",
                        Json.createObjectBuilder()
                                .add("username", username)
                                .add("password", password)
                                .add("role", "user")
                                .build()));
        return signIn(base.toURL(), username, password);
    }

    /** As an administrator: sets some of a plugin's declared settings, as the admin page does. */
    public void pluginSettings(String pluginId, Map<String, String> settings) throws IOException, InterruptedException {
        var values = Json.createObjectBuilder();
        settings.forEach(values::add);
        expect(
                200,
                put(
                        "/api/v1/admin/plugins/" + pluginId,
                        Json.createObjectBuilder().add("settings", values).build()));
    }

    /**
     * Connects this user's account on a plugin with an access token ({@code TokenFlow}); answers the connection as
     * Hearth lists it.
     */
    public JsonObject connectWithToken(String pluginId, URI instance, String accessToken)
            throws IOException, InterruptedException {
        return expect(
                        201,
                        post(
                                "/api/v1/connections/" + pluginId,
                                Json.createObjectBuilder()
                                        .add("flow", "token")
                                        .add("instanceUrl", instance.toString())
                                        .add("token", accessToken)
                                        .build()))
                .json();
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public Reply post(String path, JsonValue body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public Reply put(String path, JsonValue body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    /** Any method, with a JSON body or none. */
    public Reply send(String method, String path, JsonValue body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("Expected " + status + " but Hearth answered " + reply);
        }
        return reply;
    }

    /** Waits until Hearth's readiness check answers 200, with Hearth's own check in it. */
    private static void waitUntilReady(URI base) throws IOException, InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer;
            try {
                answer = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                last = notYet.toString();
                Thread.sleep(200);
                continue;
            }
            if (!answer.body().contains("\"schema\"")) { // Payara answers, without Hearth's own checks
                throw new IllegalStateException("Hearth's web application failed to deploy at " + base
                        + "; see Payara's log above: " + answer.body());
            }
            if (answer.statusCode() == 200) {
                return;
            }
            last = answer.statusCode() + " " + answer.body();
            Thread.sleep(200);
        }
        throw new IOException("Hearth at " + base + " was not ready after " + READY_TIMEOUT + ": " + last);
    }

    /** One answer of Hearth: status, body, headers. */
    public record Reply(int status, String body, HttpResponse<String> response) {

        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public JsonArray array() {
            return Json.createReader(new StringReader(body)).readArray();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
