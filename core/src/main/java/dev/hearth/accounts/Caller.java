package dev.hearth.accounts;

import dev.hearth.problems.ApiException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller of a request, as MicroProfile JWT established it. */
public final class Caller {

    private Caller() {}

    public static JsonWebToken token(SecurityContext security) {
        if (security.getUserPrincipal() instanceof JsonWebToken jwt) {
            return jwt;
        }
        throw new ApiException(401, "authentication_required", "Sign in first.");
    }

    public static long accountId(SecurityContext security) {
        return Long.parseLong(token(security).getSubject());
    }

    /**
     * The language the caller reads best among those Hearth's texts come in (English, German), from Accept-Language
     * in its order of preference, as the web UI chooses; English when none of them is acceptable.
     */
    public static Locale locale(HttpHeaders headers) {
        return headers.getAcceptableLanguages().stream()
                .filter(l -> SPOKEN.contains(l.getLanguage()))
                .findFirst()
                .orElse(Locale.ENGLISH);
    }

    private static final Set<String> SPOKEN = Set.of("en", "de");
}
