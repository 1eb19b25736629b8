package dev.hearth.security;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;

/**
 * The caller of a request that sent one of Hearth's opaque tokens (an API token): the claims a sign-in token has,
 * plus {@link Scopes#CLAIM}, so that every endpoint reads its caller one way whichever kind of token authenticated
 * it.
 */
public final class TokenPrincipal extends ClaimsPrincipal {

    /** The prefix of {@link #getTokenID()}: the token's row, not a JWT id. */
    public static final String TOKEN_ID_PREFIX = "api-token:";

    private TokenPrincipal(Map<String, Object> claims) {
        super(claims);
    }

    /** The caller of a request that sent the API token {@code tokenId}, with its owner's and its own facts. */
    public static TokenPrincipal of(
            long tokenId,
            long accountId,
            String username,
            String displayName,
            Set<String> groups,
            int sessionVersion,
            Instant issuedAt,
            Instant expiresAt,
            Set<String> scopes) {
        Map<String, Object> claims = new HashMap<>();
        claims.put(Claims.jti.name(), TOKEN_ID_PREFIX + tokenId);
        claims.put(Claims.sub.name(), Long.toString(accountId));
        claims.put(Claims.upn.name(), username);
        claims.put(Claims.preferred_username.name(), username);
        claims.put("name", displayName);
        claims.put(Claims.groups.name(), Set.copyOf(groups));
        claims.put(Claims.iat.name(), issuedAt.getEpochSecond());
        claims.put(Claims.exp.name(), expiresAt.getEpochSecond());
        claims.put(TokenIssuer.SESSION_VERSION, (long) sessionVersion);
        claims.put(Scopes.CLAIM, Scopes.join(scopes));
        return new TokenPrincipal(claims);
    }

    /** The scopes this token was granted. */
    public Set<String> scopes() {
        return Scopes.split(getClaim(Scopes.CLAIM));
    }

    @Override
    public String toString() {
        return "TokenPrincipal[" + getTokenID() + ", " + getName() + "]";
    }
}
