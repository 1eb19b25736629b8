package dev.hearth.plugins;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.SettingDefinition;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

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
public record LoadedPlugin(
        String id,
        String name,
        String version,
        String source,
        HearthPlugin plugin,
        ClassLoader loader,
        List<SettingDefinition> settings,
        String error) {

    static LoadedPlugin loaded(
            HearthPlugin plugin,
            String id,
            String name,
            String version,
            String source,
            List<SettingDefinition> settings) {
        return new LoadedPlugin(
                id, name, version, source, plugin, plugin.getClass().getClassLoader(), List.copyOf(settings), null);
    }

    static LoadedPlugin failed(String id, String name, String version, String source, String error) {
        return new LoadedPlugin(id, name, version, source, null, null, List.of(), error);
    }

    public boolean ok() {
        return error == null;
    }

    /**
     * One of the plugin's fixed texts in the reader's language: the text taken as a key of the plugin's message
     * bundle, or as it is when it is none (or the plugin has no bundle, or fails).
     */
    public String text(String text, Locale locale) {
        return text == null ? null : message(text, locale);
    }

    /**
     * A message of the plugin's bundle in this language (German, or else English, whatever the server's own
     * language), {@link MessageFormat} placeholders filled when there are arguments; the key when there is none.
     */
    public String message(String key, Locale locale, Object... arguments) {
        String pattern = key;
        try {
            Optional<String> base = plugin == null ? Optional.empty() : plugin.messages();
            if (base.isPresent()) {
                ResourceBundle bundle = ResourceBundle.getBundle(base.get(), locale, loader, NO_FALLBACK);
                if (bundle.containsKey(key)) {
                    pattern = bundle.getString(key);
                }
            }
            return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
        } catch (RuntimeException | LinkageError e) {
            return pattern; // a missing or broken bundle or pattern shows the text: it must not break the page
        }
    }

    /** Never the server's default locale: a language the bundle lacks falls back to its base, English. */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
}
