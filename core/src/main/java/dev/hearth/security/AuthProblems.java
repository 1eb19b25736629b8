package dev.hearth.security;

import dev.hearth.problems.Problem;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Says why a request was not authenticated when the authentication mechanism did not say it already: it tells
 * why each token it refuses is refused ({@link TokenVerdict.Refused}), so what is left is a request without a token
 * where one is required (a session cookie the mechanism does not take, on a cross-site write, does not count).
 */
public final class AuthProblems {

    private AuthProblems() {}

    public static Problem unauthorized(HttpServletRequest request) {
        if (request != null && BearerTokens.fromHeader(request).isPresent()) {
            return new Problem(401, "token_invalid", SignInTokens.INVALID);
        }
        return new Problem(
                401,
                "authentication_required",
                "Sign in first: send a bearer token in the Authorization header, or the session cookie.");
    }
}
