package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static HttpServletRequest request(String remote, String forwarded) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                ClientAddressTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getRemoteAddr" -> remote;
                    case "getHeader" -> "X-Forwarded-For".equalsIgnoreCase((String) args[0]) ? forwarded : null;
                    default -> null;
                });
    }

    private final ClientAddress behindProxies = new ClientAddress(Optional.of("10.0.0.0/8, 192.0.2.7"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("10.1.2.3", new ClientAddress(Optional.empty()).of(request("10.1.2.3", "203.0.113.9")));
    }

    @Test
    void aTrustedProxysHeaderNamesTheClient() {
        assertEquals("203.0.113.9", behindProxies.of(request("10.1.2.3", "203.0.113.9")));
        assertEquals(
                "203.0.113.9",
                behindProxies.of(request("10.1.2.3", "198.51.100.1, 203.0.113.9, 192.0.2.7")),
                "the right-most hop that is not a trusted proxy: what a client sends itself stays on the left");
        assertEquals("2001:db8::1", behindProxies.of(request("192.0.2.7", "2001:db8::1")));
    }

    @Test
    void anUntrustedSendersHeaderIsIgnored() {
        assertEquals("198.51.100.5", behindProxies.of(request("198.51.100.5", "10.9.9.9")));
    }

    @Test
    void unreadableHopsCountUnderTheProxy() {
        assertEquals("10.1.2.3", behindProxies.of(request("10.1.2.3", "evil.example")));
        assertEquals("10.1.2.3", behindProxies.of(request("10.1.2.3", "")));
    }

    @Test
    void aBadSettingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(Optional.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(Optional.of("10.0.0.0/99")));
    }
}
