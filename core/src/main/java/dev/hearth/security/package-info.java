/**
 * Who is calling: Hearth's JWT signing keys (created on first start, kept in the database), token issuing,
 * the authentication mechanism that lets MicroProfile JWT validate tokens from the {@code Authorization} header
 * or the HttpOnly session cookie, and the per-request check that the token was not signed out and the account
 * is still enabled.
 */
package dev.hearth.security;
