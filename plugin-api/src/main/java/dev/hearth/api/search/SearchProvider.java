package dev.hearth.api.search;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;

/**
 * Searches the upstream for one user. Called on Hearth's threads, possibly for several users at once.
 *
 * @since 0.4
 */
public interface SearchProvider {

    /**
     * @return the provider's id within its plugin (lower-case letters, digits, hyphens); clients address it as
     *     {@code <plugin id>/<provider id>}
     * @since 0.4
     */
    String id();

    /**
     * @return the heading of this provider's results (for example "Work packages")
     * @since 0.4
     */
    String name();

    /**
     * @return where this provider's results go among the others: lower first
     * @since 0.4
     */
    default int order() {
        return 50;
    }

    /**
     * @return whether searching needs the user's connection (most providers do)
     * @since 0.4
     */
    default boolean needsConnection() {
        return true;
    }

    /**
     * Searches.
     *
     * @param user the user, their connection and HTTP clients that present its credential
     * @param query the term, how many entries at most, and the cursor of the page to continue from
     * @return the entries, and a cursor for the next page when there is one
     * @throws UpstreamException when the upstream refuses the credential, cannot be reached, or answers badly
     * @since 0.4
     */
    SearchResult search(UserContext user, SearchQuery query);
}
