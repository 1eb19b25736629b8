package dev.hearth.security;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of an authenticated request, whichever kind of token it sent: a {@link JsonWebToken} with the claims
 * Hearth's sign-in tokens have ({@code sub}, {@code upn}, {@code groups}, {@code iat}, {@code exp}, {@code jti} and
 * the session version {@code sv}), as plain Java values (strings, {@code Long}s, a {@code Set<String>} of groups).
 * The raw token is not kept.
 */
public abstract sealed class ClaimsPrincipal implements JsonWebToken permits SessionPrincipal, TokenPrincipal {

    private final Map<String, Object> claims;

    ClaimsPrincipal(Map<String, Object> claims) {
        Map<String, Object> present = new HashMap<>(claims);
        present.values().removeIf(java.util.Objects::isNull);
        this.claims = Collections.unmodifiableMap(present);
    }

    @Override
    public String getName() {
        return (String) claims.get(Claims.upn.name());
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.get(claimName);
    }

    /** The account's session version when the token was issued (see {@link Sessions#alive}). */
    public long sessionVersion() {
        return (Long) claims.get(TokenIssuer.SESSION_VERSION);
    }

    /** The account this token acts for. */
    public long accountId() {
        return Long.parseLong(getSubject());
    }
}
