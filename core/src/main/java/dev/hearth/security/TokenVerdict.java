package dev.hearth.security;

import dev.hearth.problems.Problem;

/** What checking a bearer token found: whose request it is, or the 401 to answer. */
public sealed interface TokenVerdict {

    /** A live token: the request is its owner's (within the token's scopes, for an API token). */
    record Accepted(ClaimsPrincipal principal) implements TokenVerdict {}

    /** Malformed, wrongly signed, unknown, deleted, expired, or its session ended: the 401 to answer. */
    record Refused(Problem problem) implements TokenVerdict {}

    static TokenVerdict refused(String code, String detail) {
        return new Refused(new Problem(401, code, detail));
    }
}
