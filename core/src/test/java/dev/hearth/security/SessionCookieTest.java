package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void overHttpsTheCookieIsAHostCookie() {
        String header = SessionCookie.header("abc.def.ghi", Duration.ofHours(8), true);
        assertEquals(
                "__Host-hearth_session=abc.def.ghi; Path=/; Max-Age=28800; HttpOnly; SameSite=Lax; Secure", header);
        assertFalse(header.contains("Domain"), "a __Host- cookie names no domain");
    }

    @Test
    void overPlainHttpItIsThePlainCookie() {
        assertEquals(
                "hearth_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
                SessionCookie.header("abc", Duration.ofMinutes(1), false));
    }

    @Test
    void anHttpsPublicUrlMeansSecureCookiesAndHsts() {
        assertTrue(SessionCookie.httpsPublicUrl(Optional.of("https://hearth.example/")));
        assertFalse(SessionCookie.httpsPublicUrl(Optional.of("http://127.0.0.1:8080")));
        assertFalse(SessionCookie.httpsPublicUrl(Optional.empty()));
        assertEquals(
                Optional.of("max-age=31536000"),
                SessionCookie.strictTransportSecurity(Optional.of("HTTPS://hearth.example")));
        assertEquals(Optional.empty(), SessionCookie.strictTransportSecurity(Optional.of("http://hearth.example")));
    }
}
