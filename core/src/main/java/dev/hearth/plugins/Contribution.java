package dev.hearth.plugins;

import dev.hearth.api.HearthPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Something a running plugin contributes (a widget, a search provider...), under its global id
 * {@code <plugin id>/<local id>}.
 */
public record Contribution<T>(String id, LoadedPlugin plugin, T item) {

    private static final Logger LOGGER = Logger.getLogger(Contribution.class.getName());
    private static final Pattern LOCAL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** Whether a widget's, provider's, source's or endpoint's own id is well-formed. */
    public static boolean isValidLocalId(String local) {
        return local != null && LOCAL_ID.matcher(local).matches();
    }

    /**
     * Collects one kind of contribution from the running plugins, in plugin order. A malformed or repeated id
     * is skipped, and a plugin that fails to list its contributions is skipped; both are logged.
     */
    public static <T> Map<String, Contribution<T>> collect(
            List<LoadedPlugin> plugins,
            String kind,
            Function<HearthPlugin, List<T>> list,
            Function<T, String> localId) {
        Map<String, Contribution<T>> all = new LinkedHashMap<>();
        for (LoadedPlugin plugin : plugins) {
            try {
                for (T item : list.apply(plugin.plugin())) {
                    String local = localId.apply(item);
                    String id = plugin.id() + "/" + local;
                    if (!isValidLocalId(local) || all.containsKey(id)) {
                        LOGGER.warning("Plugin " + plugin.id() + " offers a " + kind
                                + " with an invalid or repeated id '" + local + "'; it is skipped");
                        continue;
                    }
                    all.put(id, new Contribution<>(id, plugin, item));
                }
            } catch (RuntimeException | LinkageError e) {
                LOGGER.log(Level.WARNING, "Plugin " + plugin.id() + " failed to list its " + kind + "s", e);
            }
        }
        return all;
    }
}
