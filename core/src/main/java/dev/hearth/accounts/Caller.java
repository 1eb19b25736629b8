package dev.hearth.accounts;

import dev.hearth.Roles;
import dev.hearth.problems.ApiException;
import dev.hearth.security.ClaimsPrincipal;
import dev.hearth.security.Scopes;
import dev.hearth.security.TokenPrincipal;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The authenticated caller of a request, as {@link dev.hearth.security.HearthAuthentication} established it. */
public final class Caller {

    private Caller() {}

    public static ClaimsPrincipal token(SecurityContext security) {
        if (security.getUserPrincipal() instanceof ClaimsPrincipal jwt) {
            return jwt;
        }
        throw new ApiException(401, "authentication_required", "Sign in first.");
    }

    public static long accountId(SecurityContext security) {
        return token(security).accountId();
    }

    /**
     * The scopes the caller's token was granted; empty for a sign-in session, which has every right of its user.
     */
    public static Optional<Set<String>> scopes(SecurityContext security) {
        return security.getUserPrincipal() instanceof TokenPrincipal token
                ? Optional.of(token.scopes())
                : Optional.empty();
    }

    /** Whether the caller is an administrator acting as one: an admin's session, or a token with the admin scope. */
    public static boolean isAdmin(SecurityContext security) {
        return security.isUserInRole(Roles.ADMIN)
                && scopes(security).map(s -> s.contains(Scopes.ADMIN)).orElse(true);
    }

    /**
     * Refuses a caller that is not a sign-in session: tokens, OAuth applications and consents are not made, listed or
     * revoked with tokens, so that a leaked token cannot directly mint itself successors, and only a session signs
     * out. (A token with the admin scope is as powerful as an administrator otherwise: give it with care.)
     */
    public static void requireSession(SecurityContext security) {
        if (scopes(security).isPresent()) {
            throw new ApiException(403, "session_required", "Sign in to do this: it cannot be done with an API token.");
        }
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
