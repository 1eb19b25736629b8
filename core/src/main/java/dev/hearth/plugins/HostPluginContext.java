package dev.hearth.plugins;

import dev.hearth.api.PluginContext;
import dev.hearth.api.PluginSettings;
import java.time.Clock;

/** The context the host hands one plugin. */
record HostPluginContext(String pluginId, System.Logger logger, Clock clock, PluginSettings settings)
        implements PluginContext {

    static HostPluginContext of(LoadedPlugin plugin, PluginSettings settings) {
        return new HostPluginContext(plugin.id(), System.getLogger("dev.hearth.plugins." + plugin.id()),
                Clock.systemUTC(), settings);
    }
}
