package dev.hearth.accounts;

import java.time.Instant;

/** The answer to a successful sign-in; the same token is also set as the HttpOnly session cookie. */
public record LoginResponse(String accessToken, String tokenType, long expiresIn, Instant expiresAt, UserView user) {}
