package dev.hearth.plugins;

import dev.hearth.plugin.HearthPlugin;

/**
 * One result of plugin discovery: a plugin ready to start, or a failure to load one.
 *
 * @param id the plugin id; for a failure before the id was known, the source it came from
 * @param source where it came from: the JAR's file name
 * @param plugin the instance, {@code null} when loading failed
 * @param loader the class loader of the plugin's classes, {@code null} when loading failed
 * @param error why loading failed, {@code null} on success
 */
public record LoadedPlugin(String id, String name, String version, String source, HearthPlugin plugin,
        ClassLoader loader, String error) {

    static LoadedPlugin loaded(HearthPlugin plugin, String id, String name, String version, String source) {
        return new LoadedPlugin(id, name, version, source, plugin, plugin.getClass().getClassLoader(), null);
    }

    static LoadedPlugin failed(String id, String name, String version, String source, String error) {
        return new LoadedPlugin(id, name, version, source, null, null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
