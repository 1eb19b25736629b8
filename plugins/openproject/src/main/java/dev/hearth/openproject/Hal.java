package dev.hearth.openproject;

import dev.hearth.api.connect.UpstreamException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Collection;
import java.util.Optional;

/** Reads OpenProject's HAL+JSON: resources with {@code _type}, {@code _links} and {@code _embedded}. */
final class Hal {

    private Hal() {}

    /** The resource, or a {@code BAD_RESPONSE} when the body is not a HAL resource of that type. */
    static JsonObject resource(String body, String type) {
        try {
            JsonObject json = Json.createReader(new StringReader(body)).readObject();
            if (!type.equals(json.getString("_type", null))) {
                throw notOpenProject("a " + json.getString("_type", "resource without _type"), null);
            }
            return json;
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw notOpenProject("no HAL+JSON", e);
        }
    }

    /** The elements of a collection ({@code _embedded.elements}). */
    static JsonArray elements(JsonObject collection) {
        JsonObject embedded = collection.getJsonObject("_embedded");
        if (embedded == null || !(embedded.get("elements") instanceof JsonArray elements)) {
            throw notOpenProject("a collection without elements", null);
        }
        return elements;
    }

    /** A link's {@code href}, when the resource has that link and it points somewhere. */
    static Optional<String> href(JsonObject resource, String link) {
        return linkObject(resource, link).map(l -> l.get("href")).flatMap(Hal::string);
    }

    /** A link's {@code title}, when there is one. */
    static Optional<String> title(JsonObject resource, String link) {
        return linkObject(resource, link).map(l -> l.get("title")).flatMap(Hal::string);
    }

    /** The numeric id at the end of a link's {@code href} ({@code /api/v3/work_packages/77} → 77). */
    static Optional<Long> linkedId(JsonObject resource, String link) {
        return href(resource, link)
                .map(h -> h.substring(h.lastIndexOf('/') + 1))
                .flatMap(id -> {
                    try {
                        return Optional.of(Long.parseLong(id));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    /**
     * A filter list of one filter, as OpenProject's {@code filters} parameter takes it, ready for a query parameter of
     * the Rest Client (see {@link #queryValue}).
     */
    static String filter(String name, String operator, Collection<String> values) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        values.forEach(list::add);
        return queryValue(Json.createArrayBuilder()
                .add(Json.createObjectBuilder()
                        .add(
                                name,
                                Json.createObjectBuilder()
                                        .add("operator", operator)
                                        .add("values", list)))
                .build()
                .toString());
    }

    /**
     * JSON as a query parameter's value: Jersey's client reads {@code {…}} in a query parameter as a URI template
     * and fails, so the braces go percent-encoded (it encodes the rest itself, and keeps these as they are).
     */
    static String queryValue(String json) {
        return json.replace("{", "%7B").replace("}", "%7D");
    }

    private static Optional<JsonObject> linkObject(JsonObject resource, String link) {
        JsonObject links = resource.getJsonObject("_links");
        return links != null && links.get(link) instanceof JsonObject l ? Optional.of(l) : Optional.empty();
    }

    private static Optional<String> string(JsonValue value) {
        return value instanceof jakarta.json.JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    static UpstreamException notOpenProject(String what, Throwable cause) {
        return new UpstreamException(
                UpstreamException.Kind.BAD_RESPONSE,
                "OpenProject answered " + what + " where an answer of its API v3" + " was expected",
                cause);
    }
}
