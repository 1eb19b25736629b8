package dev.hearth.api.notifications;

import java.util.List;

/**
 * The result of one poll.
 *
 * @param notifications what is new (or may be: duplicates are dropped)
 * @param nextCursor what to hand to the next poll, or {@code null} to poll from the start again
 * @param allUnread whether {@code notifications} is everything that is unread upstream now: then Hearth marks read
 *     the notifications of this source that it still shows as unread and that are not in the list (they were read
 *     upstream). Only for a complete list: one cut at a page limit would mark the rest read.
 * @since 0.4
 */
public record Poll(List<Notification> notifications, String nextCursor, boolean allUnread) {

    /**
     * Copies the list.
     *
     * @param notifications what is new (or may be: duplicates are dropped)
     * @param nextCursor what to hand to the next poll, or {@code null} to poll from the start again
     * @param allUnread whether {@code notifications} is everything that is unread upstream now
     * @since 0.4
     */
    public Poll {
        notifications = List.copyOf(notifications);
    }

    /**
     * What is new since the cursor.
     *
     * @param notifications what is new (or may be: duplicates are dropped)
     * @param nextCursor what to hand to the next poll, or {@code null} to poll from the start again
     * @since 0.4
     */
    public Poll(List<Notification> notifications, String nextCursor) {
        this(notifications, nextCursor, false);
    }

    /**
     * Everything that is unread upstream now, for an upstream that lists unread notifications (OpenProject's
     * in-app notifications): new ones are added, and those read upstream since are marked read in Hearth.
     *
     * @param unread every notification that is unread upstream
     * @return the poll, with no cursor
     * @since 0.4
     */
    public static Poll allUnread(List<Notification> unread) {
        return new Poll(unread, null, true);
    }
}
