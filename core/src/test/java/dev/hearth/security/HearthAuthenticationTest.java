package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HearthAuthenticationTest {

    /** A request with the given method, path and headers; the cookie header becomes getCookies(). */
    private static HttpServletRequest request(String method, String path, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(), v));
        return (HttpServletRequest) Proxy.newProxyInstance(
                HearthAuthenticationTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getHeader" -> h.get(((String) args[0]).toLowerCase());
                    case "getMethod" -> method;
                    case "getRequestURI" -> path;
                    case "getContextPath" -> "";
                    case "getCookies" -> h.containsKey("cookie")
                            ? new Cookie[] {
                                new Cookie(
                                        h.get("cookie").split("=")[0],
                                        h.get("cookie").split("=", 2)[1])
                            }
                            : null;
                    default -> null;
                });
    }

    @Test
    void webhookDeliveriesAreLeftToThePluginsReceiver() {
        assertTrue(HearthAuthentication.isWebhookDelivery(request(
                "POST", "/api/v1/plugins/atlassian/webhooks/jira", Map.of("Authorization", "Bearer jira.signed.jwt"))));
        assertFalse(
                HearthAuthentication.isWebhookDelivery(request("GET", "/api/v1/plugins/atlassian/sites", Map.of())));
        assertFalse(HearthAuthentication.isWebhookDelivery(request("POST", "/api/v1/webhooks/x", Map.of())));
    }

    @Test
    void theCookiesTokenIsTheSessions() {
        assertEquals(
                Optional.of("abc.def.ghi"),
                HearthAuthentication.sessionCookie(
                        request("GET", "/api/v1/me", Map.of("Cookie", SessionCookie.NAME + "=abc.def.ghi"))));
    }

    @Test
    void anExplicitAuthorizationHeaderWins() {
        HttpServletRequest both = request(
                "GET",
                "/api/v1/me",
                Map.of("Cookie", SessionCookie.NAME + "=from-cookie", "Authorization", "Bearer from-header"));

        assertEquals(Optional.empty(), HearthAuthentication.sessionCookie(both));
    }

    @Test
    void signInIgnoresAStaleCookie() {
        assertEquals(
                Optional.empty(),
                HearthAuthentication.sessionCookie(
                        request("POST", "/api/v1/auth/login", Map.of("Cookie", SessionCookie.NAME + "=stale"))));
    }

    @Test
    void crossSiteWritesDoNotGetTheCookie() {
        Map<String, String> crossSite = Map.of(
                "Cookie", SessionCookie.NAME + "=t", "Host", "hearth.example:8080", "Origin", "https://evil.example");
        assertEquals(Optional.empty(), HearthAuthentication.sessionCookie(request("POST", "/api/v1/x", crossSite)));
        assertEquals(
                Optional.of("t"),
                HearthAuthentication.sessionCookie(request("GET", "/api/v1/x", crossSite)),
                "reads are harmless");

        Map<String, String> sameSite = Map.of(
                "Cookie",
                SessionCookie.NAME + "=t",
                "Host",
                "hearth.example:8080",
                "Origin",
                "https://hearth.example:8080");
        assertEquals(Optional.of("t"), HearthAuthentication.sessionCookie(request("DELETE", "/api/v1/x", sameSite)));
    }

    @Test
    void requestsWithoutACookieHaveNoSession() {
        assertEquals(Optional.empty(), HearthAuthentication.sessionCookie(request("GET", "/api/v1/me", Map.of())));
    }

    @Test
    void theHostPrefixedCookieIsReadFirst() {
        assertEquals(
                "from-https",
                BearerTokens.fromCookie(
                                request("GET", "/api/v1/me", Map.of("Cookie", "__Host-hearth_session=from-https")))
                        .orElseThrow());
        assertEquals(
                "from-http",
                BearerTokens.fromCookie(request("GET", "/api/v1/me", Map.of("Cookie", "hearth_session=from-http")))
                        .orElseThrow());
    }
}
