package dev.hearth.api.dashboard;

/**
 * A custom element that renders a widget, shipped as an ES module in the plugin JAR under
 * {@code META-INF/resources/}.
 *
 * @param tagName the element's name, with a hyphen (for example {@code talk-recent-chats})
 * @param module the module's path inside {@code META-INF/resources/} (for example {@code talk/widget.js})
 * @since 0.4
 */
public record WebComponent(String tagName, String module) {}
