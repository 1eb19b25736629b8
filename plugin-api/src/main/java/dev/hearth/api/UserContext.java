package dev.hearth.api;

import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.HttpClients;
import java.util.Locale;
import java.util.Optional;

/**
 * The user a plugin serves in one call (a widget load, a search), with their connection to this plugin's
 * upstream. Hearth makes one per call; it is not shared between users.
 *
 * @since 0.4
 */
public interface UserContext {

    /**
     * @return the Hearth user's id
     * @since 0.4
     */
    long userId();

    /**
     * @return the Hearth user's username
     * @since 0.4
     */
    String username();

    /**
     * @return the language the user reads, for texts the plugin makes
     * @since 0.4
     */
    Locale locale();

    /**
     * A text of the plugin's message bundle ({@link HearthPlugin#messages()}) in the user's language, its
     * {@code {0}}, {@code {1}}... filled with the arguments as {@link java.text.MessageFormat} does.
     *
     * @param key the key in the bundle
     * @param arguments the values for the placeholders
     * @return the text; the key itself when the bundle has no such key (or the plugin has no bundle)
     * @since 0.4
     */
    String message(String key, Object... arguments);

    /**
     * This user's values for this plugin in Hearth's database, forgotten when the user disconnects the plugin or
     * is deleted.
     *
     * @return the user's store
     * @since 0.4
     */
    PluginStore store();

    /**
     * @return the user's connection to this plugin's upstream, if they connected one
     * @since 0.4
     */
    Optional<ConnectedAccount> connection();

    /**
     * Clients that present the connection's credential (none when not connected).
     *
     * @return the HTTP clients for this user
     * @since 0.4
     */
    HttpClients http();
}
