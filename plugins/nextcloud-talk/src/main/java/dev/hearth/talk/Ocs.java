package dev.hearth.talk;

import dev.hearth.api.connect.UpstreamException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Reads Nextcloud's OCS envelope: {@code {"ocs": {"meta": {...}, "data": ...}}}. */
final class Ocs {

    private Ocs() {}

    /** The envelope's {@code data}, or a {@code BAD_RESPONSE} when the body is not an OCS answer. */
    static JsonValue data(String body) {
        try {
            JsonObject ocs =
                    Json.createReader(new StringReader(body)).readObject().getJsonObject("ocs");
            if (ocs == null || !ocs.containsKey("data")) {
                throw notOcs(null);
            }
            return ocs.get("data");
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw notOcs(e);
        }
    }

    static UpstreamException notOcs(Throwable cause) {
        return new UpstreamException(
                UpstreamException.Kind.BAD_RESPONSE,
                "Nextcloud answered something that is not an OCS JSON answer",
                cause);
    }
}
