package dev.hearth.api.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * What a widget shows for one user. Make it with {@link #of(List)} or {@link #builder(List)}.
 *
 * @param items the rows, in the order to show them
 * @param totalBadge the count in the widget's header (for example all unread messages), or {@code null}
 * @param emptyText what to say when there are no items, or {@code null} for the dashboard's default
 * @param buttons buttons under the items
 * @since 0.4
 */
public record WidgetContent(List<WidgetItem> items, Integer totalBadge, String emptyText, List<WidgetButton> buttons) {

    /**
     * Copies the lists.
     *
     * @param items the rows, in the order to show them
     * @param totalBadge the count in the widget's header (for example all unread messages), or {@code null}
     * @param emptyText what to say when there are no items, or {@code null} for the dashboard's default
     * @param buttons buttons under the items
     * @since 0.4
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
     * @since 0.4
     */
    public static WidgetContent of(List<WidgetItem> items) {
        return builder(items).build();
    }

    /**
     * Starts the content with its rows.
     *
     * @param items the rows, in the order to show them
     * @return a builder; every other part is optional
     * @since 0.4
     */
    public static Builder builder(List<WidgetItem> items) {
        return new Builder(items);
    }

    /**
     * Builds a {@link WidgetContent}.
     *
     * @since 0.4
     */
    public static final class Builder {
        private final List<WidgetItem> items;
        private Integer totalBadge;
        private String emptyText;
        private final List<WidgetButton> buttons = new ArrayList<>();

        private Builder(List<WidgetItem> items) {
            this.items = items;
        }

        /**
         * @param totalBadge the count in the widget's header
         * @return this builder
         * @since 0.4
         */
        public Builder totalBadge(int totalBadge) {
            this.totalBadge = totalBadge;
            return this;
        }

        /**
         * @param emptyText what to say when there are no items
         * @return this builder
         * @since 0.4
         */
        public Builder emptyText(String emptyText) {
            this.emptyText = emptyText;
            return this;
        }

        /**
         * @param button one more button under the items
         * @return this builder
         * @since 0.4
         */
        public Builder button(WidgetButton button) {
            buttons.add(button);
            return this;
        }

        /**
         * @return the content
         * @since 0.4
         */
        public WidgetContent build() {
            return new WidgetContent(items, totalBadge, emptyText, buttons);
        }
    }
}
