package dev.hearth.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Where a caller's token can come from: the {@code Authorization: Bearer} header, else the session cookie. */
public final class BearerTokens {

    private static final String BEARER = "Bearer ";

    private BearerTokens() {}

    public static Optional<String> fromHeader(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }

    /** The session cookie's token: the {@code __Host-} one (HTTPS) before the plain one (HTTP). */
    public static Optional<String> fromCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        Optional<String> plain = Optional.empty();
        for (Cookie cookie : cookies) {
            if (cookie.getValue() == null || cookie.getValue().isBlank()) {
                continue;
            }
            if (SessionCookie.HOST_NAME.equals(cookie.getName())) {
                return Optional.of(cookie.getValue());
            }
            if (SessionCookie.NAME.equals(cookie.getName()) && plain.isEmpty()) {
                plain = Optional.of(cookie.getValue());
            }
        }
        return plain;
    }
}
