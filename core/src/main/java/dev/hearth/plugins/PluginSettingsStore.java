package dev.hearth.plugins;

import dev.hearth.api.SettingDefinition;
import dev.hearth.problems.ApiException;
import dev.hearth.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The values of plugins' declared settings: an administrator's value (secrets encrypted), else the
 * configuration property {@code hearth.plugin.<id>.<name>}, else the declared default.
 *
 * <p>Reads are transactional too: plugins read settings on managed threads that carry the context of the
 * component that started them, where a non-transactional entity manager would be closed under them.
 */
@ApplicationScoped
@Transactional
public class PluginSettingsStore {

    private static final Logger LOGGER = Logger.getLogger(PluginSettingsStore.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    private record Effective(String value, String source) {}

    public Optional<String> value(String pluginId, SettingDefinition definition) {
        return Optional.ofNullable(effective(pluginId, definition).value());
    }

    public List<SettingView> describe(String pluginId, List<SettingDefinition> definitions) {
        List<SettingView> views = new ArrayList<>();
        for (SettingDefinition d : definitions) {
            Effective e = effective(pluginId, d);
            views.add(new SettingView(
                    d.name(),
                    d.label(),
                    d.type().name().toLowerCase(java.util.Locale.ROOT),
                    d.help(),
                    d.secret(),
                    d.secret() ? null : d.defaultValue(),
                    d.secret() ? null : e.value(),
                    e.source(),
                    e.value() != null));
        }
        return views;
    }

    /**
     * Applies an administrator's changes: a value sets, {@code null} clears (back to configuration or default).
     * Every change is checked first; one bad value changes nothing.
     */
    public void update(String pluginId, List<SettingDefinition> definitions, JsonObject changes, String admin) {
        Map<String, SettingDefinition> byName = new LinkedHashMap<>();
        definitions.forEach(d -> byName.put(d.name(), d));
        List<Map<String, String>> errors = new ArrayList<>();
        Map<String, String> accepted = new LinkedHashMap<>();
        changes.forEach((name, input) -> {
            SettingDefinition definition = byName.get(name);
            if (definition == null) {
                errors.add(Map.of("field", "settings." + name, "message", "is not a setting of this plugin"));
            } else if (input.getValueType() == JsonValue.ValueType.NULL) {
                accepted.put(name, null);
            } else {
                SettingValues.Checked checked = SettingValues.check(definition, input);
                if (checked.error() != null) {
                    errors.add(Map.of("field", "settings." + name, "message", checked.error()));
                } else {
                    accepted.put(name, checked.value());
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new ApiException(
                    400,
                    "validation_failed",
                    errors.stream()
                            .map(e -> e.get("field") + ": " + e.get("message"))
                            .reduce((a, b) -> a + "; " + b)
                            .orElseThrow(),
                    Map.of("errors", errors));
        }
        accepted.forEach((name, value) -> store(pluginId, byName.get(name), value, admin));
    }

    private void store(String pluginId, SettingDefinition definition, String value, String admin) {
        PluginSettingValue row =
                em.find(PluginSettingValue.class, new PluginSettingValue.Key(pluginId, definition.name()));
        if (value == null) {
            if (row != null) {
                em.remove(row);
            }
            return;
        }
        if (row == null) {
            row = new PluginSettingValue();
            row.pluginId = pluginId;
            row.name = definition.name();
            em.persist(row);
        }
        row.encrypted = definition.secret();
        row.value = definition.secret() ? secrets.encrypt(value, context(pluginId, definition)) : value;
        row.updatedAt = Instant.now();
        row.updatedBy = admin;
    }

    private Effective effective(String pluginId, SettingDefinition definition) {
        PluginSettingValue row =
                em.find(PluginSettingValue.class, new PluginSettingValue.Key(pluginId, definition.name()));
        if (row != null) {
            if (!row.encrypted) {
                return new Effective(row.value, "admin");
            }
            try {
                return new Effective(secrets.decrypt(row.value, context(pluginId, definition)), "admin");
            } catch (IllegalStateException e) {
                LOGGER.warning("The stored value of " + pluginId + "." + definition.name() + " cannot be decrypted ("
                        + e.getMessage() + "); treating it as unset");
            }
        }
        Optional<String> configured = ConfigProvider.getConfig()
                .getOptionalValue("hearth.plugin." + pluginId + "." + definition.name(), String.class);
        if (configured.isPresent()) {
            return new Effective(configured.get(), "config");
        }
        return definition.defaultValue() != null
                ? new Effective(definition.defaultValue(), "default")
                : new Effective(null, "unset");
    }

    private static String context(String pluginId, SettingDefinition definition) {
        return "plugin-setting:" + pluginId + ":" + definition.name();
    }
}
