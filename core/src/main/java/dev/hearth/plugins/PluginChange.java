package dev.hearth.plugins;

import jakarta.validation.constraints.NotNull;

/** What an administrator changes about a plugin (a class, not a record: see UserChanges). */
public class PluginChange {

    @NotNull(message = "must be true or false")
    public Boolean enabled;
}
