package dev.hearth.api;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * What the host hands a plugin when it starts. Plugins reach Hearth only through this context: they never read
 * environment variables, open database connections or look up Hearth's internal classes.
 *
 * <p>The context grows with new methods over time; plugins must not implement it.
 *
 * @since 0.4
 */
public interface PluginContext {

    /**
     * The id of the plugin this context belongs to.
     *
     * @return the plugin id
     * @since 0.4
     */
    String pluginId();

    /**
     * A logger whose records are tagged with the plugin id. Never log credentials or tokens.
     *
     * @return the plugin's logger
     * @since 0.4
     */
    System.Logger logger();

    /**
     * The plugin's settings, as the administrator and the configuration set them.
     *
     * @return the live settings
     * @since 0.4
     */
    PluginSettings settings();

    /**
     * The clock to use for every time decision, so that tests can control time.
     *
     * @return the host's clock
     * @since 0.4
     */
    Clock clock();

    /**
     * The public URL of one of the plugin's {@link dev.hearth.api.notifications.WebhookReceiver}s, to register
     * upstream: {@code <Hearth's public URL>/api/v1/plugins/<plugin id>/webhooks/<path>}. Known only when the
     * operator has told Hearth its public URL ({@code HEARTH_PUBLIC_URL}): without it the upstream could not reach
     * Hearth, and the plugin should not register webhooks (polling still works).
     *
     * @param path the receiver's path
     * @return the URL, or empty when Hearth's public URL is not configured
     * @since 0.4
     */
    default Optional<URI> webhookUrl(String path) {
        return Optional.empty();
    }

    /**
     * The plugin's own values in Hearth's database.
     *
     * @return the plugin's store
     * @since 0.4
     */
    PluginStore store();
}
