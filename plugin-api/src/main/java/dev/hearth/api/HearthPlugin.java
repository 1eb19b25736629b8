package dev.hearth.api;

import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.endpoints.PluginEndpoint;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.WebhookReceiver;
import dev.hearth.api.search.SearchProvider;
import java.util.List;
import java.util.Optional;

/**
 * The entry point of a plugin, found by {@link java.util.ServiceLoader}.
 *
 * <p>Hearth creates exactly one instance per plugin through the public no-argument constructor, reads its
 * identity, and then calls {@link #start(PluginContext)}. An administrator
 * may disable a running plugin, which calls {@link #stop()}, and enable it again, which calls
 * {@link #start(PluginContext)} once more. Hearth never calls these methods concurrently for one plugin.
 *
 * <p>A plugin that throws from its constructor, {@link #id()} or {@link #start(PluginContext)} is reported as
 * {@code failed} with the exception's message; the other plugins keep running.
 *
 * <p>The provider kinds a plugin contributes (dashboard widgets, search providers, notification sources, auth
 * flows) are declared through further methods with defaults on this interface, so that a plugin implements only
 * what it offers.
 *
 * @since 0.4
 */
public interface HearthPlugin {

    /**
     * The plugin's stable id: lower-case letters, digits and single hyphens, 2 to 40 characters, starting with a
     * letter (for example {@code nextcloud-talk}). It names the plugin in URLs, settings and database tables, so
     * it must never change between versions. Two plugins with one id are not both loaded.
     *
     * @return the plugin id
     * @since 0.4
     */
    String id();

    /**
     * A human-readable name, shown to users and administrators (for example {@code "Nextcloud Talk"}).
     *
     * @return the display name
     * @since 0.4
     */
    String name();

    /**
     * The plugin's version. The default reads {@code Implementation-Version} from the plugin JAR's manifest.
     *
     * @return the version, or {@code "unknown"} when the JAR does not say
     * @since 0.4
     */
    default String version() {
        String version =
                getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /**
     * The settings an administrator can give this plugin (instance URL, OAuth client id and secret...). Hearth
     * renders the admin form from them, validates what is entered, stores secrets encrypted, and hands the values
     * to the plugin through {@link PluginContext#settings()}.
     *
     * @return the declared settings, in the order the form shows them
     * @since 0.4
     */
    default List<SettingDefinition> settings() {
        return List.of();
    }

    /**
     * How users connect their account on the upstream system, in the order the settings page offers them.
     * A plugin without flows needs no connection.
     *
     * @return the flows
     * @since 0.4
     */
    default List<AuthFlow> authFlows() {
        return List.of();
    }

    /**
     * The dashboard widgets this plugin offers. Called after {@link #start(PluginContext)}, while the plugin runs.
     *
     * @return the widgets
     * @since 0.4
     */
    default List<DashboardWidget> widgets() {
        return List.of();
    }

    /**
     * The search providers this plugin offers. Called after {@link #start(PluginContext)}, while the plugin runs.
     *
     * @return the providers
     * @since 0.4
     */
    default List<SearchProvider> searchProviders() {
        return List.of();
    }

    /**
     * The notification sources this plugin offers; Hearth polls them for every user connected to the plugin.
     *
     * @return the sources
     * @since 0.4
     */
    default List<NotificationSource> notificationSources() {
        return List.of();
    }

    /**
     * Receivers of what the upstream pushes (webhook deliveries), under {@code /api/v1/plugins/<plugin id>/webhooks/}.
     * Called after {@link #start(PluginContext)}, while the plugin runs.
     *
     * @return the receivers
     * @since 0.4
     */
    default List<WebhookReceiver> webhookReceivers() {
        return List.of();
    }

    /**
     * Read-only JSON endpoints this plugin offers signed-in users under {@code /api/v1/plugins/<plugin id>/}.
     * Called after {@link #start(PluginContext)}, while the plugin runs.
     *
     * @return the endpoints
     * @since 0.4
     */
    default List<PluginEndpoint> endpoints() {
        return List.of();
    }

    /**
     * The base name of this plugin's message bundle, for example {@code "com/example/tasks/messages"}: properties
     * files in the plugin JAR ({@code messages.properties} in English, {@code messages_de.properties} in German),
     * UTF-8. Hearth shows the fixed texts the plugin declares for users (flow labels, widget titles, search provider
     * names) in the reader's language by taking each as a key of this bundle; a text that is no key of the bundle
     * is shown as it is. Texts the plugin makes per call read
     * the bundle through {@link UserContext#message(String, Object...)}. The default has no bundle.
     *
     * @return the bundle's base name, or empty
     * @since 0.4
     */
    default Optional<String> messages() {
        return Optional.empty();
    }

    /**
     * Starts the plugin. Called once after loading (and after each re-enable), on a Hearth thread whose context
     * class loader is the plugin's. Keep it short: Hearth gives up waiting after 30 seconds and reports the
     * plugin as failed.
     *
     * @param context what the host offers the plugin; valid until {@link #stop()}
     * @throws Exception any failure; the plugin is then reported as {@code failed} with the message
     * @since 0.4
     */
    default void start(PluginContext context) throws Exception {}

    /**
     * Stops the plugin: when an administrator disables it, and when Hearth shuts down. Release what
     * {@link #start(PluginContext)} acquired. Exceptions are logged and otherwise ignored.
     *
     * @since 0.4
     */
    default void stop() {}
}
