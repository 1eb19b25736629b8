package dev.hearth.security;

import java.util.Map;

/** The caller of a request that sent a sign-in token (a JWT Hearth signed), with the claims {@link SignInTokens} verified. */
public final class SessionPrincipal extends ClaimsPrincipal {

    SessionPrincipal(Map<String, Object> claims) {
        super(claims);
    }

    @Override
    public String toString() {
        return "SessionPrincipal[" + getTokenID() + ", " + getName() + "]";
    }
}
