package dev.hearth.api.dashboard;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;
import java.net.URI;
import java.time.Duration;

/**
 * A dashboard widget. Hearth calls {@link #load(UserContext)} for one user at a time, on its own threads,
 * possibly for several users at once: keep no per-user state in the widget.
 *
 * <p>Hearth does not call {@code load} for a user without a connection (the widget shows "Connect") or with an
 * expired one (it shows "Reconnect"), unless {@link #needsConnection()} says the widget works without.
 *
 * @since 0.4
 */
public interface DashboardWidget {

    /**
     * The widget's id within its plugin: lower-case letters, digits, hyphens. Clients address it as
     * {@code <plugin id>/<widget id>}.
     *
     * @return the id
     * @since 0.4
     */
    String id();

    /**
     * @return the title in the widget's header
     * @since 0.4
     */
    String title();

    /**
     * @return an icon URL for the header, or {@code null}
     * @since 0.4
     */
    default URI iconUrl() {
        return null;
    }

    /**
     * Where the widget goes by default: lower first. 0–9 are for bundled plugins.
     *
     * @return the order
     * @since 0.4
     */
    default int order() {
        return 50;
    }

    /**
     * How often the dashboard reloads the widget, and how long Hearth caches its items per user. Zero means
     * no automatic reload; the items are then cached for a minute.
     *
     * @return the reload interval
     * @since 0.4
     */
    default Duration reloadInterval() {
        return Duration.ZERO;
    }

    /**
     * A custom element the plugin ships to render this widget itself, instead of the item list.
     *
     * @return the element, or {@code null} for the generic item list
     * @since 0.4
     */
    default WebComponent webComponent() {
        return null;
    }

    /**
     * @return whether the widget needs the user's connection to this plugin's upstream (most do)
     * @since 0.4
     */
    default boolean needsConnection() {
        return true;
    }

    /**
     * Loads the user's items.
     *
     * @param user the user, their connection and HTTP clients that present its credential
     * @return the content
     * @throws UpstreamException when the upstream refuses the credential (the connection then becomes expired),
     *     cannot be reached, or answers badly
     * @since 0.4
     */
    WidgetContent load(UserContext user);
}
