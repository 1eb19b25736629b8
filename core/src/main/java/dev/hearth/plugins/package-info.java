/**
 * The plugin registry: finds plugins with {@link java.util.ServiceLoader} in the WAR and in JARs dropped into
 * {@code HEARTH_PLUGIN_DIR} ({@link dev.hearth.plugins.PluginLoader}) behind a class-loading boundary, starts them
 * one by one, each failure contained ({@link dev.hearth.plugins.PluginHost}), and lets administrators enable
 * and disable them, persistently ({@link dev.hearth.plugins.PluginRegistry}).
 */
package dev.hearth.plugins;
