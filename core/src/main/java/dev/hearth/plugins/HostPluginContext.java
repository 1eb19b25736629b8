package dev.hearth.plugins;

import dev.hearth.plugin.PluginContext;
import java.time.Clock;

/** The context the host hands one plugin. */
record HostPluginContext(String pluginId, System.Logger logger, Clock clock) implements PluginContext {

    static HostPluginContext of(LoadedPlugin plugin) {
        return new HostPluginContext(plugin.id(), System.getLogger("dev.hearth.plugin." + plugin.id()),
                Clock.systemUTC());
    }
}
