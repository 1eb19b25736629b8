package dev.hearth.plugins;

import jakarta.validation.constraints.NotNull;

/** What an administrator changes about a plugin. */
public record PluginChange(@NotNull(message = "must be true or false") Boolean enabled) {
}
