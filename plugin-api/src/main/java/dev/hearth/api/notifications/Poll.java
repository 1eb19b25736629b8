package dev.hearth.api.notifications;

import java.util.List;

/**
 * The result of one poll.
 *
 * @param notifications what is new (or may be: duplicates are dropped)
 * @param nextCursor what to hand to the next poll, or {@code null} to poll from the start again
 * @since 0.4
 */
public record Poll(List<Notification> notifications, String nextCursor) {

    /**
     * Copies the list.
     *
     * @param notifications what is new (or may be: duplicates are dropped)
     * @param nextCursor what to hand to the next poll, or {@code null} to poll from the start again
     * @since 0.4
     */
    public Poll {
        notifications = List.copyOf(notifications);
    }
}
