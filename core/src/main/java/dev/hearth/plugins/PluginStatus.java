package dev.hearth.plugins;

/**
 * A plugin as the API lists it.
 *
 * @param state {@code running}, {@code disabled} or {@code failed}
 * @param reason why it failed; {@code null} otherwise
 * @param source the JAR it came from
 */
public record PluginStatus(String id, String name, String version, String state, String reason, String source) {

    PluginStatus withoutDiagnostics() {
        return new PluginStatus(id, name, version, state, null, null);
    }
}
