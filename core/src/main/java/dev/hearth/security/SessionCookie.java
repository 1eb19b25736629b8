package dev.hearth.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The browser's copy of the JWT: HttpOnly (scripts cannot read it), SameSite=Lax (other sites cannot make the
 * browser send it with their requests, only on a top-level navigation to Hearth, which the OAuth callback needs),
 * scoped to the whole site. Over HTTPS (the public URL is https, or the request came that way) it is
 * {@code __Host-hearth_session} and Secure: the {@code __Host-} prefix makes browsers refuse one planted by a
 * sibling subdomain or sent without TLS. Over plain HTTP (a laptop, the tests) it is {@code hearth_session}. Writes
 * are further guarded by the {@code Origin} check in {@link HearthAuthentication}.
 */
public final class SessionCookie {

    public static final String NAME = "hearth_session";
    public static final String HOST_NAME = "__Host-" + NAME;

    private SessionCookie() {}

    public static String header(String token, Duration maxAge, boolean secure) {
        return (secure ? HOST_NAME : NAME) + "=" + token + "; Path=/; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    public static String clearingHeader(boolean secure) {
        return header("", Duration.ZERO, secure);
    }

    /** Whether cookies go over HTTPS only: the public URL is https, or the browser reached us over HTTPS. */
    public static boolean secure(HttpServletRequest request) {
        return httpsPublicUrl(publicUrl())
                || request.isSecure()
                || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    static boolean httpsPublicUrl(Optional<String> publicUrl) {
        return publicUrl
                .map(url -> url.strip().toLowerCase(java.util.Locale.ROOT).startsWith("https://"))
                .orElse(false);
    }

    /** Hearth's configured public URL, if any. */
    public static Optional<String> publicUrl() {
        return ConfigProvider.getConfig().getOptionalValue("hearth.public.url", String.class);
    }

    /**
     * RFC 6797's header, when Hearth is served over HTTPS by configuration: browsers then never try plain HTTP for a
     * year.
     */
    public static Optional<String> strictTransportSecurity(Optional<String> publicUrl) {
        return httpsPublicUrl(publicUrl) ? Optional.of("max-age=31536000") : Optional.empty();
    }

    /** On a 401, a cookie that got us there is useless: tell the browser to drop it. */
    public static void clearIfPresent(HttpServletRequest request, HttpServletResponse response) {
        if (BearerTokens.fromCookie(request).isPresent()) {
            response.addHeader("Set-Cookie", clearingHeader(secure(request)));
        }
    }
}
