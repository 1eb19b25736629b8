package dev.hearth.api.search;

import java.net.URI;

/**
 * One search result. Texts are plain text: the UI never renders them as HTML.
 *
 * @param title the main line
 * @param subline the second line (status, project, date...), or {@code null}
 * @param link where a click goes, or {@code null}
 * @param thumbnailUrl a thumbnail or avatar, or {@code null}
 * @since 0.2
 */
public record SearchEntry(String title, String subline, URI link, URI thumbnailUrl) {
}
