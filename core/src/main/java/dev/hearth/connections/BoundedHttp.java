package dev.hearth.connections;

import dev.hearth.api.connect.UpstreamException;
import dev.hearth.json.JsonBodies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Hearth's own upstream calls (OAuth token endpoints, Login Flow v2) on a plugin's {@link UpstreamPool}: no
 * redirects, the pool's timeouts and deadline, and an answer read only up to the body limit. An upstream that cannot be reached is {@code UNAVAILABLE}; one that answers too much is
 * {@code BAD_RESPONSE}; a host the guard refuses is {@code NOT_ALLOWED}.
 */
final class BoundedHttp {

    /** One answer: its status and its body as text. */
    record Answer(int status, String body) {}

    private final UpstreamPool pool;
    private final int bodyLimit;

    BoundedHttp(UpstreamPool pool, int bodyLimit) {
        this.pool = pool;
        this.bodyLimit = bodyLimit;
    }

    Answer send(ClassicHttpRequest request, String what) {
        try {
            pool.guard().check(request.getUri());
            return pool.client().execute(request, response -> {
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    return new Answer(response.getCode(), "");
                }
                try (InputStream body = entity.getContent()) { // closed early, it drops its connection
                    return new Answer(
                            response.getCode(),
                            new String(JsonBodies.readAtMost(body, bodyLimit), StandardCharsets.UTF_8));
                }
            });
        } catch (JsonBodies.TooLarge e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, what + " answered more than " + bodyLimit + " bytes");
        } catch (UpstreamPool.Refused e) {
            throw (UpstreamException) e.getCause();
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, what + " could not be reached", e);
        } catch (java.net.URISyntaxException e) {
            throw new UpstreamException(
                    UpstreamException.Kind.NOT_ALLOWED, "This URL is not allowed: " + e.getMessage());
        }
    }
}
