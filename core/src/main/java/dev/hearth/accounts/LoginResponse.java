package dev.hearth.accounts;

import java.time.Instant;

/**
 * The answer to a successful sign-in; the same token is also set as the HttpOnly session cookie. The web UI's sign-in
 * ({@code cookieOnly}) gets no token in the body: {@code accessToken} and {@code tokenType} are left out.
 */
public record LoginResponse(String accessToken, String tokenType, long expiresIn, Instant expiresAt, UserView user) {}
