package dev.hearth.problems;

import static dev.hearth.json.Jsonp.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * One RFC 9457 problem. {@code code} is the stable, machine-readable part; {@code detail} is for people.
 *
 * @param status the HTTP status
 * @param code stable snake_case code, also the last part of {@code type}
 * @param detail what went wrong, in a sentence a user can act on
 * @param extensions extra members (for example {@code errors} for field-level validation messages)
 */
public record Problem(int status, String code, String detail, Map<String, ?> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    /**
     * A request attribute with the problem to answer when the container sends an error itself (the authentication
     * mechanism's 401 or 429): the error page answers it instead of the status's generic problem.
     */
    public static final String ATTRIBUTE = "dev.hearth.problem";

    static final String TYPE_PREFIX = "urn:hearth:problem:";

    public Problem(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("type", TYPE_PREFIX + code)
                .add("title", title(status))
                .add("status", status)
                .add("code", code)
                .add("detail", detail);
        extensions.forEach((name, value) -> json.add(name, JsonValues.of(value)));
        return json.build();
    }

    public Response toResponse() {
        return toResponse(Map.of());
    }

    public Response toResponse(Map<String, String> headers) {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA).entity(toJson().toString());
        headers.forEach(response::header);
        return response.build();
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return "HTTP " + status;
    }
}
