package dev.hearth.problems;

import static dev.hearth.json.Jsonp.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.Map;

/** Turns the few value kinds that problem extensions carry into JSON-P values. */
final class JsonValues {

    private JsonValues() {}

    static JsonValue of(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof String s) {
            return JSON.createValue(s);
        }
        if (value instanceof Integer i) {
            return JSON.createValue(i);
        }
        if (value instanceof Long l) {
            return JSON.createValue(l);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), of(v)));
            return object.build();
        }
        if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            list.forEach(item -> array.add(of(item)));
            return array.build();
        }
        return JSON.createValue(String.valueOf(value));
    }
}
