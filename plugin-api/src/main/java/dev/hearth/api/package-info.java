/**
 * The Hearth plugin API: the contract between Hearth and the plugins that connect it to other systems.
 *
 * <p>A plugin is a JAR that contains an implementation of {@link dev.hearth.api.HearthPlugin} and names it in
 * {@code META-INF/services/dev.hearth.api.HearthPlugin}. Hearth finds it with {@link java.util.ServiceLoader},
 * either inside the Hearth WAR or as a JAR dropped into the plugin directory. A plugin compiles against this
 * package alone; everything else in Hearth is internal and may change without notice.
 *
 * <p>Compatibility: every public type and method carries {@code @since}. Within a major version, types and
 * methods are only added, never removed or changed; new abstract capabilities arrive as default methods.
 *
 * @since 0.4
 */
package dev.hearth.api;
