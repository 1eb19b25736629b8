package dev.hearth.plugins;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.SettingDefinition;
import java.util.List;
import java.util.Locale;

/**
 * One result of plugin discovery: a plugin ready to start, or a failure to load one.
 *
 * @param id the plugin id; for a failure before the id was known, the source it came from
 * @param source where it came from: the JAR's file name
 * @param plugin the instance, {@code null} when loading failed
 * @param loader the class loader of the plugin's classes, {@code null} when loading failed
 * @param settings the settings the plugin declares
 * @param error why loading failed, {@code null} on success
 */
public record LoadedPlugin(String id, String name, String version, String source, HearthPlugin plugin,
        ClassLoader loader, List<SettingDefinition> settings, String error) {

    static LoadedPlugin loaded(HearthPlugin plugin, String id, String name, String version, String source,
            List<SettingDefinition> settings) {
        return new LoadedPlugin(id, name, version, source, plugin, plugin.getClass().getClassLoader(),
                List.copyOf(settings), null);
    }

    static LoadedPlugin failed(String id, String name, String version, String source, String error) {
        return new LoadedPlugin(id, name, version, source, null, null, List.of(), error);
    }

    public boolean ok() {
        return error == null;
    }

    /** One of the plugin's fixed texts in the reader's language; as it is when the plugin has none or fails. */
    public String text(String text, Locale locale) {
        if (text == null || plugin == null) {
            return text;
        }
        try {
            String translated = plugin.translate(text, locale);
            return translated == null || translated.isBlank() ? text : translated;
        } catch (RuntimeException | LinkageError e) {
            return text;
        }
    }
}
