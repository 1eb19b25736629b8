package dev.hearth.security;

import dev.hearth.problems.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A valid signature is not enough: the token must not have been signed out, and its account must still exist, be
 * enabled, and have the session version the token was issued with. Disabling or deleting a user, or changing
 * their role or password, therefore ends their sessions at once. ({@link TokenPrincipal}s were checked the same
 * way by {@link HearthAuthentication} on this very request.)
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class SessionGuard implements ContainerRequestFilter {

    @Inject
    Sessions sessions;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext().getUserPrincipal();
        if (principal instanceof JsonWebToken jwt && !(principal instanceof TokenPrincipal) && !alive(jwt)) {
            request.abortWith(new Problem(
                            401,
                            "session_ended",
                            "This session has ended: it was signed out, the account's role or password changed, or"
                                    + " the account was disabled or deleted. Sign in again.")
                    .toResponse());
        }
    }

    private boolean alive(JsonWebToken jwt) {
        try {
            return jwt.getTokenID() != null
                    && sessions.alive(jwt.getTokenID(), Long.parseLong(jwt.getSubject()), sessionVersion(jwt));
        } catch (NumberFormatException foreignSubject) {
            return false;
        }
    }

    /** The token's session version; 0 for tokens issued before there was one. */
    public static long sessionVersion(JsonWebToken jwt) {
        Object claim = jwt.getClaim(TokenIssuer.SESSION_VERSION);
        if (claim instanceof jakarta.json.JsonNumber number) {
            return number.longValue();
        }
        return claim instanceof Number number ? number.longValue() : 0;
    }
}
