package dev.hearth.plugins;

import dev.hearth.plugin.PluginContext;
import dev.hearth.plugin.PluginSettings;
import java.time.Clock;

/** The context the host hands one plugin. */
record HostPluginContext(String pluginId, System.Logger logger, Clock clock, PluginSettings settings)
        implements PluginContext {

    static HostPluginContext of(LoadedPlugin plugin, PluginSettings settings) {
        return new HostPluginContext(plugin.id(), System.getLogger("dev.hearth.plugin." + plugin.id()),
                Clock.systemUTC(), settings);
    }
}
