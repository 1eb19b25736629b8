package dev.hearth.plugins;

import jakarta.json.JsonObject;

/**
 * What an administrator changes about a plugin: whether it runs, and setting values (a value sets, {@code null}
 * clears, an absent name stays). A class, not a record: see UserChanges.
 */
public class PluginChange {

    public Boolean enabled;

    public JsonObject settings;
}
