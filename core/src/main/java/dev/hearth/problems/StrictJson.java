package dev.hearth.problems;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;

/**
 * Hearth's JSON-B: a field declared boolean accepts only JSON {@code true} or {@code false}, and a text field only a
 * JSON string. Yasson would read any string as a boolean ({@code "yes"} becomes {@code false}), silently turning a
 * typo into an action, and a number or boolean as text ({@code 42} becomes {@code "42"}).
 */
@Provider
public class StrictJson implements ContextResolver<Jsonb> {

    private final Jsonb jsonb =
            JsonbBuilder.create(new JsonbConfig().withDeserializers(new StrictBoolean(), new StrictString()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }

    /** true, false, or null for an explicit null; anything else is a client error. */
    public static final class StrictBoolean implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return switch (parser.getValue().getValueType()) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case NULL -> null;
                default -> throw new JsonbException("Expected true or false");
            };
        }
    }

    /** A JSON string, or null for an explicit null; a number, boolean, array or object is a client error. */
    public static final class StrictString implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case STRING -> ((JsonString) value).getString();
                case NULL -> null;
                default -> throw new JsonbException("Expected a string");
            };
        }
    }
}
