package dev.hearth.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hearth.api.SettingDefinition;
import dev.hearth.api.SettingType;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

    private static SettingValues.Checked check(SettingType type, JsonValue value) {
        return SettingValues.check(SettingDefinition.of("x", "X", type), value);
    }

    @Test
    void urlsAreAbsoluteHttpWithoutTrailingSlash() {
        assertEquals(
                "https://cloud.example.com/nextcloud",
                check(SettingType.URL, Json.createValue(" https://cloud.example.com/nextcloud/ "))
                        .value());
        assertEquals(
                "http://127.0.0.1:8081",
                check(SettingType.URL, Json.createValue("http://127.0.0.1:8081"))
                        .value());
        for (String bad : new String[] {
            "cloud.example.com",
            "ftp://x.example",
            "https://",
            "https://u:p@x.example",
            "https://x.example/?a=1",
            "https://x.example/#top",
            "not a url at all"
        }) {
            assertNull(check(SettingType.URL, Json.createValue(bad)).value(), bad);
        }
    }

    @Test
    void typesAreStrict() {
        assertEquals("true", check(SettingType.BOOLEAN, JsonValue.TRUE).value());
        assertEquals(
                "must be true or false",
                check(SettingType.BOOLEAN, Json.createValue("true")).error());
        assertEquals("42", check(SettingType.INTEGER, Json.createValue(42)).value());
        assertEquals(
                "must be a whole number",
                check(SettingType.INTEGER, Json.createValue(4.2)).error());
        assertEquals(
                "must be a whole number",
                check(SettingType.INTEGER, Json.createValue("42")).error());
        assertEquals(
                "must be a string",
                check(SettingType.STRING, Json.createValue(1)).error());
        assertEquals(
                "hello", check(SettingType.STRING, Json.createValue("  hello ")).value());
        assertEquals(
                "must be 1 to 4096 characters",
                check(SettingType.STRING, Json.createValue("  ")).error());
        assertEquals(
                "must be 1 to 4096 characters",
                check(SettingType.STRING, Json.createValue("x".repeat(4097))).error());
    }
}
