package dev.hearth.plugins;

/**
 * A declared setting as the admin form shows it.
 *
 * @param value the effective value; always {@code null} for a secret
 * @param source where the value comes from: {@code admin}, {@code config}, {@code default}, or {@code unset}
 * @param set whether a value is in effect (the only thing shown of a secret)
 */
public record SettingView(
        String name,
        String label,
        String type,
        String help,
        boolean secret,
        String defaultValue,
        String value,
        String source,
        boolean set) {}
