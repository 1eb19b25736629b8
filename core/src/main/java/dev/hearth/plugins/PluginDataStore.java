package dev.hearth.plugins;

import dev.hearth.api.PluginStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugins' stores ({@link PluginStore}): a plugin's own values in {@code plugin_data}, its values for one user
 * in {@code plugin_user_data}, which goes with the user (a foreign key) and with their connection to the plugin
 * ({@link #forget}). A store is bound to one plugin id when it is handed out: the API offers no way to another's.
 */
@ApplicationScoped
@Transactional
public class PluginDataStore {

    @PersistenceContext
    EntityManager em;

    /** The plugin's own store. */
    public PluginStore of(String pluginId) {
        return new Scoped(this, pluginId, null);
    }

    /** The store of one user's values for the plugin. */
    public PluginStore of(String pluginId, long accountId) {
        return new Scoped(this, pluginId, accountId);
    }

    /** The limits of {@link PluginStore}: a key of 1 to 200 characters, a value of at most 65,535. */
    public static void requireValid(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > PluginStore.MAX_KEY) {
            throw new IllegalArgumentException("A key has 1 to " + PluginStore.MAX_KEY + " characters");
        }
        if (value == null || value.length() > PluginStore.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "A value has at most " + PluginStore.MAX_VALUE + " characters; remove() forgets");
        }
    }

    /** Forgets a user's values for a plugin: their connection to it went, or now leads to another account. */
    public void forget(long accountId, String pluginId) {
        em.createNativeQuery("DELETE FROM plugin_user_data WHERE plugin_id = ? AND account_id = ?")
                .setParameter(1, pluginId)
                .setParameter(2, accountId)
                .executeUpdate();
    }

    Optional<String> get(String pluginId, Long accountId, String key) {
        List<?> rows = query("SELECT data_value FROM %s WHERE %s AND data_key = ?", pluginId, accountId, key)
                .getResultList();
        return rows.stream().findFirst().map(String::valueOf);
    }

    void put(String pluginId, Long accountId, String key, String value) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Query insert = accountId == null
                ? em.createNativeQuery("INSERT INTO plugin_data (plugin_id, data_key, data_value, updated_at)"
                                + " VALUES (?, ?, ?, ?)" + UPDATE)
                        .setParameter(1, pluginId)
                        .setParameter(2, key)
                        .setParameter(3, value)
                        .setParameter(4, now)
                : em.createNativeQuery("INSERT INTO plugin_user_data (plugin_id, account_id, data_key, data_value,"
                                + " updated_at) VALUES (?, ?, ?, ?, ?)" + UPDATE)
                        .setParameter(1, pluginId)
                        .setParameter(2, accountId)
                        .setParameter(3, key)
                        .setParameter(4, value)
                        .setParameter(5, now);
        insert.executeUpdate();
    }

    private static final String UPDATE =
            " ON DUPLICATE KEY UPDATE data_value = VALUES(data_value), updated_at = VALUES(updated_at)";

    void remove(String pluginId, Long accountId, String key) {
        query("DELETE FROM %s WHERE %s AND data_key = ?", pluginId, accountId, key)
                .executeUpdate();
    }

    Map<String, String> withPrefix(String pluginId, Long accountId, String prefix) {
        String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        List<?> rows = query(
                        "SELECT data_key, data_value FROM %s WHERE %s AND data_key LIKE ? ESCAPE '!' ORDER BY data_key",
                        pluginId, accountId, like)
                .getResultList();
        Map<String, String> values = new LinkedHashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            values.put(String.valueOf(columns[0]), String.valueOf(columns[1]));
        }
        return values;
    }

    /**
     * A query on the plugin's own rows, or on one user's: the {@code %s} are the table and the scope's condition,
     * the one {@code ?} after them is {@code last}.
     */
    private Query query(String sql, String pluginId, Long accountId, String last) {
        if (accountId == null) {
            return em.createNativeQuery(sql.formatted("plugin_data", "plugin_id = ?"))
                    .setParameter(1, pluginId)
                    .setParameter(2, last);
        }
        return em.createNativeQuery(sql.formatted("plugin_user_data", "plugin_id = ? AND account_id = ?"))
                .setParameter(1, pluginId)
                .setParameter(2, accountId)
                .setParameter(3, last);
    }

    /**
     * One plugin's store, for itself or for one user. Calls run with the host's context class loader: a plugin may
     * use its store from {@code start()}, where the context loader is the plugin's.
     */
    private record Scoped(PluginDataStore data, String pluginId, Long accountId) implements PluginStore {

        @Override
        public Optional<String> get(String key) {
            return PluginHost.withContextLoader(host(), () -> data.get(pluginId, accountId, key));
        }

        @Override
        public void put(String key, String value) {
            requireValid(key, value);
            PluginHost.withContextLoader(host(), () -> {
                data.put(pluginId, accountId, key, value);
                return null;
            });
        }

        @Override
        public void remove(String key) {
            PluginHost.withContextLoader(host(), () -> {
                data.remove(pluginId, accountId, key);
                return null;
            });
        }

        @Override
        public Map<String, String> withPrefix(String prefix) {
            return PluginHost.withContextLoader(host(), () -> data.withPrefix(pluginId, accountId, prefix));
        }

        private static ClassLoader host() {
            return PluginDataStore.class.getClassLoader();
        }
    }
}
