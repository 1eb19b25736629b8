package dev.hearth.problems;

import jakarta.json.Json;
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
            return Json.createValue(s);
        }
        if (value instanceof Integer i) {
            return Json.createValue(i);
        }
        if (value instanceof Long l) {
            return Json.createValue(l);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), of(v)));
            return object.build();
        }
        if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            list.forEach(item -> array.add(of(item)));
            return array.build();
        }
        return Json.createValue(String.valueOf(value));
    }
}
