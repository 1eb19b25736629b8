package dev.hearth.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;

/**
 * The browser's copy of the JWT: HttpOnly (scripts cannot read it), SameSite=Lax (other sites cannot make the
 * browser send it with their requests, only on a top-level navigation to Hearth, which the OAuth callback needs),
 * Secure when the request came over HTTPS, scoped to the whole site. Writes are further guarded by the
 * {@code Origin} check in {@link HearthAuthentication}.
 */
public final class SessionCookie {

    public static final String NAME = "hearth_session";

    private SessionCookie() {}

    public static String header(String token, Duration maxAge, boolean secure) {
        return NAME + "=" + token + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    public static String clearingHeader(boolean secure) {
        return header("", Duration.ZERO, secure);
    }

    /** Whether the browser reached us over HTTPS (directly or through a proxy that says so). */
    public static boolean secure(HttpServletRequest request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    /** On a 401, a cookie that got us there is useless: tell the browser to drop it. */
    public static void clearIfPresent(HttpServletRequest request, HttpServletResponse response) {
        if (BearerTokens.fromCookie(request).isPresent()) {
            response.addHeader("Set-Cookie", clearingHeader(secure(request)));
        }
    }
}
