package dev.hearth.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A token to make: a name, its scopes ({@code api_read}, {@code api_write}, {@code admin}) and a validity
 * ({@code P1D}, {@code P7D}, {@code P1M}, {@code P3M} or {@code P1Y}, the default).
 */
public record NewToken(
        @NotBlank(message = "give the token a name") @Size(max = 100, message = "must be at most 100 characters")
                String name,
        @NotNull(message = "choose at least one scope") List<String> scopes,
        String validity) {}
