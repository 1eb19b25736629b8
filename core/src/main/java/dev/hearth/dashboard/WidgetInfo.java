package dev.hearth.dashboard;

import dev.hearth.api.dashboard.WebComponent;
import java.net.URI;

/**
 * A widget the user can show.
 *
 * @param id {@code <plugin id>/<widget id>}
 * @param reloadInterval seconds between automatic reloads; 0 for none
 * @param visible whether the user's layout shows it
 */
public record WidgetInfo(
        String id,
        String pluginId,
        String title,
        URI iconUrl,
        int order,
        long reloadInterval,
        WebComponent webComponent,
        boolean needsConnection,
        boolean visible) {}
