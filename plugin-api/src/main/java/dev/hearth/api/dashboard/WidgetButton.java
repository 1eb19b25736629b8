package dev.hearth.api.dashboard;

import java.net.URI;

/**
 * A button under a widget's items.
 *
 * @param type {@code more} (show more upstream) or {@code new} (create something upstream)
 * @param text the button's text
 * @param link where it goes
 * @since 0.4
 */
public record WidgetButton(String type, String text, URI link) {}
