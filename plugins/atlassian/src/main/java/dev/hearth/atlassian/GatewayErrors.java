package dev.hearth.atlassian;

import dev.hearth.api.connect.UpstreamException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Reads the gateway's error answers before Hearth's own mapping, which takes every 401 and 403 for a refused
 * credential. Through Atlassian's gateway that is true of a 401 only, and not of every 401:
 * <ul>
 *   <li>401 {@code {"code":401,"message":"Unauthorized; scope does not match"}}: the token lacks a scope the call
 *       needs, which also happens for a short while right after consent. Not a dead credential: {@link
 *       ScopeMismatch}, which the plugin retries once and then reports.</li>
 *   <li>other 401s ({@code {"code":401,"message":"Unauthorized"}}): the token is expired, revoked or unknown;
 *       Hearth's mapping (the connection expires) applies.</li>
 *   <li>403 from Jira or Confluence: the user may not see that (a project, a space, the site's product): the
 *       upstream's message, and the connection stays.</li>
 *   <li>404: not there (or not visible): the plugin's callers decide; 429 and 5xx: Hearth's mapping.</li>
 * </ul>
 */
public final class GatewayErrors implements ResponseExceptionMapper<UpstreamException> {

    /** A token without a scope the call needs (or not yet with it, right after consent). */
    static final class ScopeMismatch extends UpstreamException {
        private static final long serialVersionUID = 1L;

        ScopeMismatch() {
            super(
                    Kind.BAD_RESPONSE,
                    "Atlassian says the connection lacks a permission (scope) this needs: connect again and grant"
                            + " it, or ask your administrator to add the scope.",
                    401);
        }
    }

    /** Before Hearth's own mapping (the default priority, 5000): lower goes first. */
    @Override
    public int getPriority() {
        return 1000;
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 401 || status == 403 || status == 404;
    }

    @Override
    public UpstreamException toThrowable(Response response) {
        int status = response.getStatus();
        String message = message(response);
        if (status == 401) {
            return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("scope does not match")
                    ? new ScopeMismatch()
                    : null; // a dead token: Hearth's own mapping
        }
        String said = message == null ? "" : ": " + message;
        return new UpstreamException(
                UpstreamException.Kind.BAD_RESPONSE,
                (status == 403 ? "Atlassian refused access to this (HTTP 403)" : "Not found at Atlassian (HTTP 404)")
                        + said,
                status);
    }

    /** The gateway's {@code message}, or the first of Jira's {@code errorMessages}, or Confluence's {@code message}. */
    private static String message(Response response) {
        String body;
        try {
            body = response.readEntity(String.class);
        } catch (RuntimeException e) {
            return null;
        }
        if (body == null || body.isBlank()) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                return null;
            }
            if (object.get("message") instanceof JsonString text) {
                return Bodies.shortened(text.getString());
            }
            if (object.get("errorMessages") instanceof jakarta.json.JsonArray messages
                    && !messages.isEmpty()
                    && messages.get(0) instanceof JsonString first) {
                return Bodies.shortened(first.getString());
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
