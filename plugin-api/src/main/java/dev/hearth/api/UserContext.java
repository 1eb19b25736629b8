package dev.hearth.api;

import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.HttpClients;
import java.util.Locale;
import java.util.Optional;

/**
 * The user a plugin serves in one call (a widget load, a search), with their connection to this plugin's
 * upstream. Hearth makes one per call; it is not shared between users.
 *
 * @since 0.2
 */
public interface UserContext {

    /**
     * @return the Hearth user's id
     * @since 0.2
     */
    long userId();

    /**
     * @return the Hearth user's username
     * @since 0.2
     */
    String username();

    /**
     * @return the language the user reads, for texts the plugin makes
     * @since 0.2
     */
    Locale locale();

    /**
     * @return the user's connection to this plugin's upstream, if they connected one
     * @since 0.2
     */
    Optional<ConnectedAccount> connection();

    /**
     * Clients that present the connection's credential (none when not connected).
     *
     * @return the HTTP clients for this user
     * @since 0.2
     */
    HttpClients http();
}
