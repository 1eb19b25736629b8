package dev.hearth.atlassian;

import dev.hearth.api.connect.UpstreamException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading Atlassian's JSON: what is not the expected shape is a {@code BAD_RESPONSE} that says so. */
final class Bodies {

    /** Jira's timestamps: {@code 2024-01-02T15:30:00.000+0000} (an offset without a colon), or ISO-8601 proper. */
    private static final DateTimeFormatter JIRA_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .toFormatter();

    private Bodies() {}

    static JsonObject object(String body, String what) {
        if (read(body, what) instanceof JsonObject object) {
            return object;
        }
        throw notAtlassian(what, "not a JSON object");
    }

    static JsonArray array(String body, String what) {
        if (read(body, what) instanceof JsonArray array) {
            return array;
        }
        throw notAtlassian(what, "not a JSON array");
    }

    private static JsonValue read(String body, String what) {
        if (body == null) {
            throw notAtlassian(what, "an empty answer");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readValue();
        } catch (RuntimeException e) {
            throw notAtlassian(what, "not JSON");
        }
    }

    static UpstreamException notAtlassian(String what, String problem) {
        return new UpstreamException(
                UpstreamException.Kind.BAD_RESPONSE, "Atlassian's answer to " + what + " is unreadable: " + problem);
    }

    /** A string member, or null when missing or not a string. */
    static String text(JsonObject object, String name) {
        return object != null && object.get(name) instanceof JsonString s ? s.getString() : null;
    }

    /** An object member, or null. */
    static JsonObject child(JsonObject object, String name) {
        return object != null && object.get(name) instanceof JsonObject o ? o : null;
    }

    /** A string or number member as text (Jira sends ids as strings, webhook ids as numbers), or null. */
    static String id(JsonObject object, String name) {
        if (object == null) {
            return null;
        }
        JsonValue value = object.get(name);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof JsonNumber n ? n.toString() : null;
    }

    /** An absolute http(s) URL, or empty. */
    static Optional<URI> url(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    ? Optional.of(uri)
                    : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A Jira or Confluence timestamp, or null when missing or unreadable. */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Upstream text for a message: at most 200 characters, on one line. */
    static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }
}
