package dev.hearth.api.notifications;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;
import java.time.Duration;
import java.util.List;

/**
 * A source of notifications, polled in the background for every user connected to the plugin.
 *
 * @since 0.4
 */
public interface NotificationSource {

    /**
     * @return the source's id within its plugin (lower-case letters, digits, hyphens)
     * @since 0.4
     */
    String id();

    /**
     * @return how often to poll each user; Hearth polls no more often than every 10 seconds
     * @since 0.4
     */
    default Duration pollInterval() {
        return Duration.ofMinutes(1);
    }

    /**
     * Fetches what is new for one user since the cursor. Answering an item twice does no harm: Hearth keeps one
     * per external id.
     *
     * @param user the user, their connection and HTTP clients that present its credential
     * @param cursor what the previous poll answered as {@link Poll#nextCursor()}, or {@code null} the first time
     * @return the new notifications and the cursor for the next poll; or, from an upstream that lists what is
     *     unread, {@link Poll#allUnread(List)}: every unread one, so that those read upstream are read here too
     * @throws UpstreamException when the upstream refuses the credential (the connection becomes expired),
     *     cannot be reached, or answers badly; the cursor then stays as it was
     * @since 0.4
     */
    Poll poll(UserContext user, String cursor);

    /**
     * Marks one notification read upstream, when the user reads or dismisses it in Hearth. The default does nothing.
     *
     * @param user the user
     * @param externalId the notification's external id
     * @throws UpstreamException when the upstream cannot do it; Hearth marks it read or dismisses it anyway
     * @since 0.4
     */
    default void markRead(UserContext user, String externalId) {}

    /**
     * Marks several notifications read upstream, when the user reads them all in Hearth (Hearth passes the newest
     * 10,000 unread, after it has answered the user). The default calls {@link #markRead} for each, going on past
     * one that fails unless the credential is refused; override it where the upstream marks many in one request.
     *
     * @param user the user
     * @param externalIds the notifications' external ids
     * @throws UpstreamException when the upstream cannot do it; Hearth marks them read anyway
     * @since 0.4
     */
    default void markAllRead(UserContext user, List<String> externalIds) {
        UpstreamException failed = null;
        for (String id : externalIds) {
            try {
                markRead(user, id);
            } catch (UpstreamException e) {
                if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                    throw e;
                }
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
