package dev.hearth.api.dashboard;

import java.net.URI;
import java.time.Instant;

/**
 * One row of a widget. Texts are plain text: the dashboard never renders them as HTML.
 *
 * @param id stable id of the row (for example the upstream's id)
 * @param title the main line
 * @param subtitle the second line, or {@code null}
 * @param link where a click goes (opened in a new tab), or {@code null}
 * @param iconUrl an icon or avatar, or {@code null}
 * @param timestamp when it happened, shown as a relative time, or {@code null}
 * @param badge a count shown on the row (unread messages...); 0 hides it
 * @since 0.2
 */
public record WidgetItem(String id, String title, String subtitle, URI link, URI iconUrl, Instant timestamp,
        int badge) {
}
