package dev.hearth.security;

/**
 * A kind of Hearth's own opaque bearer tokens (told apart by their prefix), checked against what is stored of
 * them. The authentication mechanism asks each kind in turn; a token no kind recognizes is a sign-in token
 * ({@link SignInTokens}).
 */
public interface OpaqueTokens {

    /** Whether the token has this kind's prefix. */
    boolean recognizes(String token);

    /** Checks a token this kind recognizes: accepted as a {@link TokenPrincipal}, or refused. */
    TokenVerdict verify(String token);
}
