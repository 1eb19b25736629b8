package dev.hearth.connections;

/** Fired when a user's connection to a plugin is made, changed, expired or removed; heard on every instance. */
public record ConnectionChanged(long accountId, String pluginId) implements dev.hearth.cluster.ClusterEvent {}
