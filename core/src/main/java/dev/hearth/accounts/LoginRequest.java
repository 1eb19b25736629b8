package dev.hearth.accounts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Sign-in credentials. */
public record LoginRequest(
        @NotBlank @Size(max = 64) String username,
        @NotBlank @Size(max = 256) String password,
        /** The web UI's sign-in: the token only in the HttpOnly cookie, never in the body that page scripts read. */
        Boolean cookieOnly) {}
