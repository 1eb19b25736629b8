package dev.hearth.plugins;

import java.util.List;

/** A plugin as administrators see it: its state and its declared settings with their values. */
public record PluginDetails(
        String id,
        String name,
        String version,
        String state,
        String reason,
        String source,
        List<SettingView> settings) {}
