package dev.hearth.connections;

/** Fired when a user's connection to a plugin is made, changed, expired or removed. */
public record ConnectionChanged(long accountId, String pluginId) {}
