package dev.hearth.api;

import java.util.Optional;

/**
 * The current values of a plugin's declared settings. Values are read live: a change by the administrator is
 * seen by the next call, without a restart. Secret values are decrypted for this plugin only.
 *
 * @since 0.4
 */
public interface PluginSettings {

    /**
     * The value of a declared setting.
     *
     * @param name the setting's name
     * @return the value, or empty when neither the administrator, the configuration nor the default sets one
     * @throws IllegalArgumentException if the plugin did not declare a setting of this name
     * @since 0.4
     */
    Optional<String> get(String name);

    /**
     * The value of a declared setting that the plugin cannot work without.
     *
     * @param name the setting's name
     * @return the value
     * @throws IllegalStateException if it is not set; the message names the setting, for the administrator
     * @since 0.4
     */
    default String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("The setting '" + name + "' is not set"));
    }
}
