package dev.hearth.plugins;

import dev.hearth.api.PluginContext;
import dev.hearth.api.PluginSettings;
import dev.hearth.api.PluginStore;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** The context the host hands one plugin. */
record HostPluginContext(
        String pluginId,
        System.Logger logger,
        Clock clock,
        PluginSettings settings,
        PluginStore store,
        Optional<String> publicUrl)
        implements PluginContext {

    static HostPluginContext of(
            LoadedPlugin plugin, PluginSettings settings, PluginStore store, Optional<String> publicUrl) {
        return new HostPluginContext(
                plugin.id(),
                System.getLogger("dev.hearth.plugins." + plugin.id()),
                Clock.systemUTC(),
                settings,
                store,
                publicUrl);
    }

    @Override
    public Optional<URI> webhookUrl(String path) {
        return publicUrl.map(base -> URI.create(
                (base.endsWith("/") ? base : base + "/") + "api/v1/plugins/" + pluginId + "/webhooks/" + path));
    }
}
