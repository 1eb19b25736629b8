package dev.hearth.oauth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** An application to register: its name, its exact redirect URIs, and whether it can keep a secret. */
public record NewClient(
        @NotBlank(message = "give the application a name") @Size(max = 100, message = "must be at most 100 characters")
                String name,
        @NotNull(message = "list at least one redirect URI") List<String> redirectUris,
        @NotNull(message = "say whether the application is confidential (it can keep a secret) or public")
                Boolean confidential) {}
