package dev.hearth.oauth;

import jakarta.validation.constraints.Size;
import java.util.List;

/** What an administrator changes of a registered application: its name, its redirect URIs, or both. */
public record ClientChanges(
        @Size(min = 1, max = 100, message = "must be 1 to 100 characters") String name, List<String> redirectUris) {}
