package dev.hearth.connections;

import dev.hearth.api.connect.UpstreamException;
import dev.hearth.json.JsonBodies;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The JDK HTTP client as Hearth's own upstream calls use it (OAuth token endpoints, Login Flow v2): no redirects,
 * the read timeout for the headers and again for the whole body ({@link DeadlineStream}), and an answer read only up
 * to the body limit. An upstream that cannot be reached
 * is {@code UNAVAILABLE}; one that answers too much is {@code BAD_RESPONSE}.
 */
final class BoundedHttp {

    /** One answer: its status and its body as text. */
    record Answer(int status, String body) {}

    private final HttpClient http;
    private final Duration timeout;
    private final int bodyLimit;

    BoundedHttp(Duration connectTimeout, Duration readTimeout, int bodyLimit) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = readTimeout;
        this.bodyLimit = bodyLimit;
    }

    Answer send(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<InputStream> response = http.send(
                    request.timeout(timeout).header("User-Agent", "Hearth").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = new DeadlineStream(response.body(), timeout)) {
                return new Answer(
                        response.statusCode(),
                        new String(JsonBodies.readAtMost(body, bodyLimit), StandardCharsets.UTF_8));
            }
        } catch (JsonBodies.TooLarge e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, what + " answered more than " + bodyLimit + " bytes");
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, what + " could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "Interrupted", e);
        }
    }
}
