package dev.hearth.plugins;

import dev.hearth.plugin.PluginSettings;
import dev.hearth.plugin.SettingDefinition;
import java.util.Optional;

/** One plugin's view of its settings, read live from the store. */
record StoredPluginSettings(LoadedPlugin plugin, PluginSettingsStore store) implements PluginSettings {

    @Override
    public Optional<String> get(String name) {
        SettingDefinition definition = plugin.settings().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Plugin " + plugin.id() + " declares no setting '"
                        + name + "'"));
        return store.value(plugin.id(), definition);
    }
}
