package dev.hearth.testkit;

import dev.hearth.api.PluginStore;
import dev.hearth.plugins.PluginDataStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link PluginStore} in memory, for tests, with Hearth's limits on keys and values; keys compare exactly, as in
 * Hearth's database. Read what the plugin stored
 * with {@link #withPrefix(String)}, or seed it before the call under test.
 */
public final class MemoryStore implements PluginStore {

    private final ConcurrentSkipListMap<String, String> values = new ConcurrentSkipListMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        PluginDataStore.requireValid(key, value);
        values.put(key, value);
    }

    @Override
    public void remove(String key) {
        values.remove(key);
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        values.tailMap(prefix).forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                found.put(key, value);
            }
        });
        return found;
    }
}
