package dev.hearth.api.dashboard;

import java.util.List;

/**
 * What a widget shows for one user.
 *
 * @param items the rows, in the order to show them
 * @param totalBadge the count in the widget's header (for example all unread messages), or {@code null}
 * @param emptyText what to say when there are no items, or {@code null} for the dashboard's default
 * @param buttons buttons under the items
 * @since 0.2
 */
public record WidgetContent(List<WidgetItem> items, Integer totalBadge, String emptyText, List<WidgetButton> buttons) {

    /**
     * Copies the lists.
     *
     * @since 0.2
     */
    public WidgetContent {
        items = List.copyOf(items);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }

    /**
     * Just items.
     *
     * @param items the rows
     * @return the content
     * @since 0.2
     */
    public static WidgetContent of(List<WidgetItem> items) {
        return new WidgetContent(items, null, null, List.of());
    }
}
