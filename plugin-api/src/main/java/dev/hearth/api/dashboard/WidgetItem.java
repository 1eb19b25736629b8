package dev.hearth.api.dashboard;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of a widget. Texts are plain text: the dashboard never renders them as HTML. Make one with
 * {@link #builder(String, String)}; the canonical constructor stays, but gains a parameter when a field is added.
 *
 * @param id stable id of the row (for example the upstream's id)
 * @param title the main line
 * @param subtitle the second line, or {@code null}
 * @param link where a click goes (opened in a new tab), or {@code null}
 * @param iconUrl an icon or avatar, or {@code null}
 * @param timestamp when it happened, shown as a relative time, or {@code null}
 * @param badge a count shown on the row (unread messages...); 0 hides it
 * @param status the row's state as a coloured label, or {@code null}
 * @since 0.4
 */
public record WidgetItem(
        String id,
        String title,
        String subtitle,
        URI link,
        URI iconUrl,
        Instant timestamp,
        int badge,
        ItemStatus status) {

    /**
     * Checks that the id and title are there and the badge is not negative.
     *
     * @param id stable id of the row (for example the upstream's id)
     * @param title the main line
     * @param subtitle the second line, or {@code null}
     * @param link where a click goes (opened in a new tab), or {@code null}
     * @param iconUrl an icon or avatar, or {@code null}
     * @param timestamp when it happened, shown as a relative time, or {@code null}
     * @param badge a count shown on the row (unread messages...); 0 hides it
     * @param status the row's state as a coloured label, or {@code null}
     * @since 0.4
     */
    public WidgetItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (badge < 0) {
            throw new IllegalArgumentException("badge must not be negative");
        }
    }

    /**
     * A row without a state.
     *
     * @param id stable id of the row (for example the upstream's id)
     * @param title the main line
     * @param subtitle the second line, or {@code null}
     * @param link where a click goes (opened in a new tab), or {@code null}
     * @param iconUrl an icon or avatar, or {@code null}
     * @param timestamp when it happened, shown as a relative time, or {@code null}
     * @param badge a count shown on the row (unread messages...); 0 hides it
     * @since 0.4
     */
    public WidgetItem(String id, String title, String subtitle, URI link, URI iconUrl, Instant timestamp, int badge) {
        this(id, title, subtitle, link, iconUrl, timestamp, badge, null);
    }

    /**
     * Starts a row with its two required parts.
     *
     * @param id stable id of the row
     * @param title the main line
     * @return a builder; every other part is optional
     * @since 0.4
     */
    public static Builder builder(String id, String title) {
        return new Builder(id, title);
    }

    /**
     * Builds a {@link WidgetItem}.
     *
     * @since 0.4
     */
    public static final class Builder {
        private final String id;
        private final String title;
        private String subtitle;
        private URI link;
        private URI iconUrl;
        private Instant timestamp;
        private int badge;
        private ItemStatus status;

        private Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }

        /**
         * @param subtitle the second line
         * @return this builder
         * @since 0.4
         */
        public Builder subtitle(String subtitle) {
            this.subtitle = subtitle;
            return this;
        }

        /**
         * @param link where a click goes
         * @return this builder
         * @since 0.4
         */
        public Builder link(URI link) {
            this.link = link;
            return this;
        }

        /**
         * @param iconUrl an icon or avatar
         * @return this builder
         * @since 0.4
         */
        public Builder iconUrl(URI iconUrl) {
            this.iconUrl = iconUrl;
            return this;
        }

        /**
         * @param timestamp when it happened
         * @return this builder
         * @since 0.4
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * @param badge a count shown on the row; 0 hides it
         * @return this builder
         * @since 0.4
         */
        public Builder badge(int badge) {
            this.badge = badge;
            return this;
        }

        /**
         * @param status the row's state as a coloured label
         * @return this builder
         * @since 0.4
         */
        public Builder status(ItemStatus status) {
            this.status = status;
            return this;
        }

        /**
         * @return the row
         * @since 0.4
         */
        public WidgetItem build() {
            return new WidgetItem(id, title, subtitle, link, iconUrl, timestamp, badge, status);
        }
    }
}
