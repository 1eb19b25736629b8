package dev.hearth.security;

import dev.hearth.problems.Problem;

/**
 * A kind of Hearth's own opaque bearer tokens (told apart by their prefix), checked against what is stored of
 * them. The authentication mechanism asks each kind in turn; a token no kind recognizes goes to MicroProfile JWT.
 */
public interface OpaqueTokens {

    /** Whether the token has this kind's prefix. */
    boolean recognizes(String token);

    /** Checks a token this kind recognizes. */
    Verdict verify(String token);

    /** What a check found. */
    sealed interface Verdict {
        /** A live token: the request is its owner's, within the token's scopes. */
        record Accepted(TokenPrincipal principal) implements Verdict {}

        /** Unknown, deleted, expired or its owner's sessions ended: the 401 to answer. */
        record Refused(Problem problem) implements Verdict {}
    }
}
