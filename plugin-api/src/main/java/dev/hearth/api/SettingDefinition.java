package dev.hearth.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting a plugin declares, so that the administrator's form can be rendered from it and Hearth can
 * check what is entered. Values are strings; {@link #type()} says how Hearth validates them.
 *
 * <p>A value comes from, in this order: what an administrator entered, then the configuration property
 * {@code hearth.plugin.<plugin id>.<name>} (environment variable {@code HEARTH_PLUGIN_<PLUGIN_ID>_<NAME>}, for
 * example {@code HEARTH_PLUGIN_NEXTCLOUD_TALK_URL}), then {@link #defaultValue()}.
 *
 * @param name stable key: letters and digits, starting with a lower-case letter (for example {@code clientId})
 * @param label what the administrator sees
 * @param type how values are validated and rendered
 * @param defaultValue the value when nothing else sets one; {@code null} for none
 * @param secret a secret (client secret, API key): stored encrypted, never shown again once entered
 * @param help one sentence of guidance under the field; {@code null} for none
 * @since 0.4
 */
public record SettingDefinition(
        String name, String label, SettingType type, String defaultValue, boolean secret, String help) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

    /**
     * Checks the definition itself.
     *
     * @param name stable key: letters and digits, starting with a lower-case letter (for example {@code clientId})
     * @param label what the administrator sees
     * @param type how values are validated and rendered
     * @param defaultValue the value when nothing else sets one; {@code null} for none
     * @param secret a secret (client secret, API key): stored encrypted, never shown again once entered
     * @param help one sentence of guidance under the field; {@code null} for none
     * @since 0.4
     */
    public SettingDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Setting name '" + name + "' must be letters and digits, starting with" + " a lower-case letter");
        }
    }

    /**
     * A plain, optional setting without default.
     *
     * @param name the key
     * @param label what the administrator sees
     * @param type the value type
     * @return the definition
     * @since 0.4
     */
    public static SettingDefinition of(String name, String label, SettingType type) {
        return new SettingDefinition(name, label, type, null, false, null);
    }

    /**
     * A secret setting (for example an OAuth client secret).
     *
     * @param name the key
     * @param label what the administrator sees
     * @return the definition
     * @since 0.4
     */
    public static SettingDefinition secret(String name, String label) {
        return new SettingDefinition(name, label, SettingType.STRING, null, true, null);
    }

    /**
     * The same definition with a default value.
     *
     * @param value the default
     * @return a copy with the default
     * @since 0.4
     */
    public SettingDefinition withDefault(String value) {
        return new SettingDefinition(name, label, type, value, secret, help);
    }

    /**
     * The same definition with a line of help.
     *
     * @param text the help text
     * @return a copy with the help
     * @since 0.4
     */
    public SettingDefinition withHelp(String text) {
        return new SettingDefinition(name, label, type, defaultValue, secret, text);
    }
}
