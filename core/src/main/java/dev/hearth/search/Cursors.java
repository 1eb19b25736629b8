package dev.hearth.search;

import static dev.hearth.json.Jsonp.JSON;

import dev.hearth.problems.ApiException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Hearth's cursors: opaque to clients, they carry the provider they belong to and that provider's own cursor,
 * so a page can only be continued with the provider that made it.
 */
final class Cursors {

    /** A decoded cursor. */
    record Cursor(String provider, String providerCursor) {}

    private Cursors() {}

    static String encode(String provider, String providerCursor) {
        if (providerCursor == null) {
            return null;
        }
        String json = JSON.createObjectBuilder()
                .add("p", provider)
                .add("c", providerCursor)
                .build()
                .toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
        try {
            JsonObject json = JSON.createReader(
                            new StringReader(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)))
                    .readObject();
            return new Cursor(json.getString("p"), json.getString("c"));
        } catch (RuntimeException e) {
            throw ApiException.badRequest(
                    "invalid_cursor", "The cursor is not one Hearth gave out; start the search again.");
        }
    }
}
