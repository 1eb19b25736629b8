package dev.hearth.accounts;

import dev.hearth.problems.ApiException;
import jakarta.ws.rs.core.SecurityContext;
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
}
