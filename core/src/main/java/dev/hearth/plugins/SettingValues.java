package dev.hearth.plugins;

import dev.hearth.api.SettingDefinition;
import dev.hearth.api.SettingType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Checks and normalizes what an administrator enters for a setting; answers the message for a bad value. */
final class SettingValues {

    static final int MAX_LENGTH = 4096;

    private SettingValues() {}

    /** A checked value. Exactly one of {@code value} and {@code error} is set. */
    record Checked(String value, String error) {
        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked bad(String error) {
            return new Checked(null, error);
        }
    }

    static Checked check(SettingDefinition definition, JsonValue input) {
        SettingType type = definition.type();
        return switch (type) {
            case BOOLEAN -> input == JsonValue.TRUE || input == JsonValue.FALSE
                    ? Checked.ok(Boolean.toString(input == JsonValue.TRUE))
                    : Checked.bad("must be true or false");
            case INTEGER -> input instanceof JsonNumber n && n.isIntegral()
                    ? Checked.ok(n.bigIntegerValue().toString())
                    : Checked.bad("must be a whole number");
            case STRING, URL -> {
                if (!(input instanceof JsonString s)) {
                    yield Checked.bad("must be a string");
                }
                String text = s.getString().strip();
                if (text.isEmpty() || text.length() > MAX_LENGTH) {
                    yield Checked.bad("must be 1 to " + MAX_LENGTH + " characters");
                }
                yield type == SettingType.URL ? url(text) : Checked.ok(text);
            }
        };
    }

    private static Checked url(String text) {
        return HttpUrls.parse(text)
                .map(uri -> Checked.ok(uri.toString()))
                .orElse(Checked.bad("must be an absolute http or https URL, without credentials, query or fragment"));
    }
}
