package dev.hearth.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\": [1, 2",
                "{\"a\": {\"b\": 1",
                "[",
                "{",
                "{\"a\": [[[[",
                "{\"a\": ",
                "{\"a\"",
                "{\"a\": \"never ends",
                "nul",
                "[1, 2, ",
                "{\"a\": 1,",
                "[{\"id\": \"1\", \"extra\": [1, {\"b\": ["
            })
    void jsonCutShortIsRefusedAtOnce(String text) {
        // A guard against the endless loop this class exists to prevent, not a speed assertion.
        JsonException refused = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThrows(JsonException.class, () -> JsonBodies.requireComplete(bytes(text))));
        assertEquals(
                "it ends after " + text.length() + " characters, before the JSON text is complete",
                refused.getMessage());
    }

    @Test
    void theMessageSaysWhereTheMistakeIs() {
        JsonException refused =
                assertThrows(JsonException.class, () -> JsonBodies.requireComplete(bytes("{\"a\": 1,\n \"b\": x}")));
        assertEquals("unexpected 'x' at line 2, column 7", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "1",
                "\"text\"",
                "null",
                " {\"a\": [1, {\"b\": null}], \"c\": true} \n",
                "{\"emoji\": \"\\ud83d\\ude00 \u00e4\"}"
            })
    void completeJsonPasses(String text) {
        JsonBodies.requireComplete(bytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1} x", "{}{}", "[1]]", "{\"a\": 1}}", "{'a': 1}", " "})
    void anythingButOneJsonTextIsRefused(String text) {
        assertThrows(JsonException.class, () -> JsonBodies.requireComplete(bytes(text)));
    }

    @Test
    void nestingIsBounded() {
        int max = JsonBodies.MAX_DEPTH;
        JsonBodies.requireComplete(bytes("[".repeat(max) + "]".repeat(max)));
        JsonException refused = assertThrows(
                JsonException.class,
                () -> JsonBodies.requireComplete(bytes("[".repeat(max + 1) + "]".repeat(max + 1))));
        assertTrue(refused.getMessage().contains("more than " + max + " levels"), refused::getMessage);
        assertThrows(JsonException.class, () -> JsonBodies.requireComplete(bytes("[".repeat(100_000))));
    }

    @Test
    void bodiesAreReadUpToTheLimit() throws Exception {
        byte[] ten = bytes("0123456789");
        assertArrayEquals(ten, JsonBodies.readAtMost(new ByteArrayInputStream(ten), 10));
        assertThrows(JsonBodies.TooLarge.class, () -> JsonBodies.readAtMost(new ByteArrayInputStream(ten), 9));
        assertArrayEquals(new byte[0], JsonBodies.readAtMost(new ByteArrayInputStream(new byte[0]), 10));
    }

    @Test
    void jsonMediaTypesAreRecognised() {
        assertTrue(JsonBodies.isJson(MediaType.APPLICATION_JSON_TYPE));
        assertTrue(JsonBodies.isJson(MediaType.valueOf("application/json; charset=utf-8")));
        assertTrue(JsonBodies.isJson(MediaType.valueOf("application/problem+json")));
        assertTrue(JsonBodies.isJson(MediaType.valueOf("application/hal+JSON")));
        assertFalse(JsonBodies.isJson(MediaType.TEXT_HTML_TYPE));
        assertFalse(JsonBodies.isJson(MediaType.APPLICATION_OCTET_STREAM_TYPE));
        assertFalse(JsonBodies.isJson(null));
    }
}
