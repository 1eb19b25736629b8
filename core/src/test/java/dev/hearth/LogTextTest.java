package dev.hearth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void upstreamTextCannotStartALogLineOfItsOwn() {
        assertEquals("\"Jane Doe\"", LogText.quoted("Jane Doe"));
        assertEquals(
                "\"Eve\\u000a[2026-12-05T10:00:00] INFO admin signed in\"",
                LogText.quoted("Eve\n[2026-12-05T10:00:00] INFO admin signed in"));
        assertEquals("\"a\\u000db\\u001b[31mc\\u2028\"", LogText.quoted("a\rb\u001b[31mc\u2028"));
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", LogText.quoted("say \"hi\" \\o/"));
        assertEquals("\"Zoë 日本\"", LogText.quoted("Zoë 日本"));
        assertEquals("null", LogText.quoted(null));
    }
}
