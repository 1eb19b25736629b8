package dev.hearth.notifications;

import java.time.Instant;

/** A notification as its user sees it. */
public record NotificationView(
        long id, String pluginId, String title, String body, String link, String actor, Instant time, boolean read) {

    static NotificationView of(StoredNotification n) {
        return new NotificationView(n.id, n.pluginId, n.title, n.body, n.link, n.actor, n.occurredAt, n.readAt != null);
    }
}
