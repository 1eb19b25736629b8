package dev.hearth.api.notifications;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification. Texts are plain text: the UI never renders them as HTML. Make one with
 * {@link #builder(String, String, Instant)}.
 *
 * @param externalId the upstream's id for it; Hearth keeps one notification per user, plugin and external id
 * @param title what happened, in one line
 * @param body more detail, or {@code null}
 * @param link where it happened, or {@code null}
 * @param time when it happened
 * @param actor who did it, or {@code null}
 * @since 0.4
 */
public record Notification(String externalId, String title, String body, URI link, Instant time, String actor) {

    /**
     * Checks the required parts.
     *
     * @param externalId the upstream's id for it; Hearth keeps one notification per user, plugin and external id
     * @param title what happened, in one line
     * @param body more detail, or {@code null}
     * @param link where it happened, or {@code null}
     * @param time when it happened
     * @param actor who did it, or {@code null}
     * @since 0.4
     */
    public Notification {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Starts a notification with its required parts.
     *
     * @param externalId the upstream's id for it
     * @param title what happened, in one line
     * @param time when it happened
     * @return a builder; every other part is optional
     * @since 0.4
     */
    public static Builder builder(String externalId, String title, Instant time) {
        return new Builder(externalId, title, time);
    }

    /**
     * Builds a {@link Notification}.
     *
     * @since 0.4
     */
    public static final class Builder {
        private final String externalId;
        private final String title;
        private final Instant time;
        private String body;
        private URI link;
        private String actor;

        private Builder(String externalId, String title, Instant time) {
            this.externalId = externalId;
            this.title = title;
            this.time = time;
        }

        /**
         * @param body more detail
         * @return this builder
         * @since 0.4
         */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /**
         * @param link where it happened
         * @return this builder
         * @since 0.4
         */
        public Builder link(URI link) {
            this.link = link;
            return this;
        }

        /**
         * @param actor who did it
         * @return this builder
         * @since 0.4
         */
        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        /**
         * @return the notification
         * @since 0.4
         */
        public Notification build() {
            return new Notification(externalId, title, body, link, time, actor);
        }
    }
}
