package dev.hearth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmark's calls to Hearth's API as a user makes them: signing in, users, connections. */
final class Client {

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI root;

    Client(URI root) {
        this.root = root;
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).header("Accept", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Signs in and answers the session's token. */
    String signIn(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> answer = expect(
                200,
                post(
                        "/api/v1/auth/login",
                        null,
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
        Matcher token = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        if (!token.find()) {
            throw new IllegalStateException("No token in " + answer.body());
        }
        return token.group(1);
    }

    /** A new user, signed in and connected to the benchmark plugin's upstream with a token of its own. */
    String connectedUser(String admin, String username, URI upstream) throws IOException, InterruptedException {
        String password = "bench-password-1";
        expect(
                201,
                post(
                        "/api/v1/admin/users",
                        admin,
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"user\"}"));
        String token = signIn(username, password);
        expect(
                201,
                post(
                        "/api/v1/connections/bench",
                        token,
                        "{\"flow\":\"token\",\"instanceUrl\":\"" + upstream + "\",\"token\":\"tok-" + username
                                + "\"}"));
        return token;
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> answer) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(
                    answer.request().method() + " " + answer.request().uri() + " answered " + answer.statusCode()
                            + ", not " + status + ": " + answer.body());
        }
        return answer;
    }
}
