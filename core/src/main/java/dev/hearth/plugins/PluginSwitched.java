package dev.hearth.plugins;

import dev.hearth.cluster.ClusterEvent;

/** An administrator enabled or disabled a plugin: the other instances of the cluster do the same. */
public record PluginSwitched(String pluginId, boolean enabled) implements ClusterEvent {}
