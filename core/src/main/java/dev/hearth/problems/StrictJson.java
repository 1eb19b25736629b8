package dev.hearth.problems;

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
 * Hearth's JSON-B: a field declared boolean accepts only JSON {@code true} or {@code false}. Yasson would read
 * any string as a boolean ({@code "yes"} becomes {@code false}), silently turning a typo into an action.
 */
@Provider
public class StrictJson implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withDeserializers(new StrictBoolean()));

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
}
