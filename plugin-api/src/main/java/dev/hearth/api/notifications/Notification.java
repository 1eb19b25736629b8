package dev.hearth.api.notifications;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification. Texts are plain text: the UI never renders them as HTML.
 *
 * @param externalId the upstream's id for it; Hearth keeps one notification per user, plugin and external id
 * @param title what happened, in one line
 * @param body more detail, or {@code null}
 * @param link where it happened, or {@code null}
 * @param time when it happened
 * @param actor who did it, or {@code null}
 * @since 0.2
 */
public record Notification(String externalId, String title, String body, URI link, Instant time, String actor) {

    /**
     * Checks the required parts.
     *
     * @since 0.2
     */
    public Notification {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(time, "time");
    }
}
