package dev.hearth.accounts;

import dev.hearth.problems.ApiException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller of a request, as MicroProfile JWT established it. */
public final class Caller {

    private Caller() {
    }

    public static JsonWebToken token(SecurityContext security) {
        if (security.getUserPrincipal() instanceof JsonWebToken jwt) {
            return jwt;
        }
        throw new ApiException(401, "authentication_required", "Sign in first.");
    }

    public static long accountId(SecurityContext security) {
        return Long.parseLong(token(security).getSubject());
    }

    /** The language the caller reads best, from Accept-Language; English when they do not say. */
    public static Locale locale(HttpHeaders headers) {
        List<Locale> languages = headers.getAcceptableLanguages();
        return languages.isEmpty() || languages.get(0).getLanguage().equals("*") ? Locale.ENGLISH : languages.get(0);
    }
}
