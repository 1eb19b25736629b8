package dev.hearth.api.search;

import java.net.URI;
import java.util.Objects;

/**
 * One search result. Texts are plain text: the UI never renders them as HTML. Make one with
 * {@link #builder(String)}.
 *
 * @param title the main line
 * @param subline the second line (status, project, date...), or {@code null}
 * @param link where a click goes, or {@code null}
 * @param thumbnailUrl a thumbnail or avatar, or {@code null}
 * @since 0.4
 */
public record SearchEntry(String title, String subline, URI link, URI thumbnailUrl) {

    /**
     * Checks that the title is there.
     *
     * @param title the main line
     * @param subline the second line (status, project, date...), or {@code null}
     * @param link where a click goes, or {@code null}
     * @param thumbnailUrl a thumbnail or avatar, or {@code null}
     * @since 0.4
     */
    public SearchEntry {
        Objects.requireNonNull(title, "title");
    }

    /**
     * Starts an entry with its title.
     *
     * @param title the main line
     * @return a builder; every other part is optional
     * @since 0.4
     */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /**
     * Builds a {@link SearchEntry}.
     *
     * @since 0.4
     */
    public static final class Builder {
        private final String title;
        private String subline;
        private URI link;
        private URI thumbnailUrl;

        private Builder(String title) {
            this.title = title;
        }

        /**
         * @param subline the second line
         * @return this builder
         * @since 0.4
         */
        public Builder subline(String subline) {
            this.subline = subline;
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
         * @param thumbnailUrl a thumbnail or avatar
         * @return this builder
         * @since 0.4
         */
        public Builder thumbnailUrl(URI thumbnailUrl) {
            this.thumbnailUrl = thumbnailUrl;
            return this;
        }

        /**
         * @return the entry
         * @since 0.4
         */
        public SearchEntry build() {
            return new SearchEntry(title, subline, link, thumbnailUrl);
        }
    }
}
