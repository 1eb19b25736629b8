package dev.hearth.api;

/**
 * How Hearth validates and renders a setting's value.
 *
 * @since 0.4
 */
public enum SettingType {
    /** Any text. */
    STRING,
    /** An absolute {@code http} or {@code https} URL, stored without a trailing slash. */
    URL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A whole number. */
    INTEGER
}
