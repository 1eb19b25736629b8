package dev.hearth.api;

import java.util.Map;
import java.util.Optional;

/**
 * Values a plugin keeps in Hearth's database, by key (compared exactly): text of the plugin's choosing (JSON,
 * say). A store belongs to one plugin; the API offers no way to another plugin's. {@link PluginContext#store()} is the plugin's own (for example the
 * registration of a webhook); {@link UserContext#store()} is one user's, forgotten when the user disconnects this
 * plugin or is deleted (for example what a user has seen already). Every call is one small database transaction:
 * keep values small (at most {@value #MAX_VALUE} characters) and few.
 *
 * @since 0.4
 */
public interface PluginStore {

    /** The longest key, in characters. */
    int MAX_KEY = 200;

    /** The longest value, in characters. */
    int MAX_VALUE = 65_535;

    /**
     * @param key the key
     * @return the value, or empty when there is none
     * @since 0.4
     */
    Optional<String> get(String key);

    /**
     * Sets a value, replacing any value of the key.
     *
     * @param key 1 to {@value #MAX_KEY} characters
     * @param value at most {@value #MAX_VALUE} characters
     * @throws IllegalArgumentException when the key or value is too long or empty
     * @since 0.4
     */
    void put(String key, String value);

    /**
     * Forgets a value; nothing happens when there is none.
     *
     * @param key the key
     * @since 0.4
     */
    void remove(String key);

    /**
     * @param prefix the keys' common beginning, or the empty string for all
     * @return every value whose key begins so, by key in order
     * @since 0.4
     */
    Map<String, String> withPrefix(String prefix);
}
