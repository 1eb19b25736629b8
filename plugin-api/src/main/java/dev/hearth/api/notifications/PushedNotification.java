package dev.hearth.api.notifications;

import java.util.Objects;

/**
 * A notification a webhook delivery brings for one user.
 *
 * @param userId the Hearth user it is for (as {@link dev.hearth.api.UserContext#userId()} named them when the
 *     plugin registered the webhook)
 * @param sourceId the id of the plugin's {@link NotificationSource} it belongs to, so that the poll and the push of
 *     one item make one notification
 * @param notification the notification
 * @since 0.4
 */
public record PushedNotification(long userId, String sourceId, Notification notification) {

    /**
     * Checks the required parts.
     *
     * @param userId the Hearth user it is for
     * @param sourceId the id of the plugin's notification source it belongs to
     * @param notification the notification
     * @since 0.4
     */
    public PushedNotification {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(notification, "notification");
    }
}
