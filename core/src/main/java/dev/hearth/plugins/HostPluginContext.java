package dev.hearth.plugins;

import dev.hearth.api.PluginContext;
import dev.hearth.api.PluginSettings;
import dev.hearth.api.PluginStore;
import java.time.Clock;

/** The context the host hands one plugin. */
record HostPluginContext(String pluginId, System.Logger logger, Clock clock, PluginSettings settings, PluginStore store)
        implements PluginContext {

    static HostPluginContext of(LoadedPlugin plugin, PluginSettings settings, PluginStore store) {
        return new HostPluginContext(
                plugin.id(), System.getLogger("dev.hearth.plugins." + plugin.id()), Clock.systemUTC(), settings, store);
    }
}
