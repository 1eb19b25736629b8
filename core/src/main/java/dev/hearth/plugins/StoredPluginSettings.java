package dev.hearth.plugins;

import dev.hearth.api.PluginSettings;
import dev.hearth.api.SettingDefinition;
import java.util.Optional;

/** One plugin's view of its settings, read live from the store, also from the plugin's {@code start()}. */
record StoredPluginSettings(LoadedPlugin plugin, PluginSettingsStore store) implements PluginSettings {

    @Override
    public Optional<String> get(String name) {
        SettingDefinition definition = plugin.settings().stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("Plugin " + plugin.id() + " declares no setting '" + name + "'"));
        return PluginHost.withContextLoader(
                StoredPluginSettings.class.getClassLoader(), () -> store.value(plugin.id(), definition));
    }
}
