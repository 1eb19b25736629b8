/**
 * Who is calling: Hearth's JWT signing keys (created on first start, kept in the database), token issuing, the one
 * authentication mechanism for tokens from the {@code Authorization} header or the HttpOnly session cookie (sign-in
 * JWTs verified by {@link dev.hearth.security.SignInTokens}, opaque API tokens by their kind), and the check that the
 * token's session was not signed out and its account is still enabled and unchanged ({@link
 * dev.hearth.security.Sessions}).
 */
package dev.hearth.security;
