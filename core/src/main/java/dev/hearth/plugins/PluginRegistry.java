package dev.hearth.plugins;

import dev.hearth.cluster.Received;
import dev.hearth.problems.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hearth's plugins at run time: loads them at deployment (after Hearth's own migrations), starts those an
 * administrator has not disabled, and applies enable/disable, which persists across restarts and reaches every
 * instance of the cluster.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PluginRegistry {

    private static final Logger LOGGER = Logger.getLogger(PluginRegistry.class.getName());
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @PersistenceContext
    EntityManager em;

    @Inject
    PluginSettingsStore settings;

    @Inject
    PluginDataStore data;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Event<PluginSwitched> switched;

    @Inject
    @ConfigProperty(name = "hearth.plugin.checksums")
    Optional<String> checksums;

    @Inject
    @ConfigProperty(name = "hearth.plugin.dir")
    Optional<String> pluginDir;

    @Inject
    @ConfigProperty(name = "hearth.data.dir", defaultValue = "hearth-data")
    String dataDir;

    @Inject
    @ConfigProperty(name = "hearth.public.url")
    Optional<String> publicUrl;

    private volatile PluginHost host;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void loadAndStart() {
        Path dir = Path.of(pluginDir.orElse(dataDir + "/plugins"));
        List<LoadedPlugin> loaded =
                PluginLoader.load(PluginRegistry.class.getClassLoader(), dir, PluginLoader.checksums(checksums));
        PluginHost started = new PluginHost(
                loaded,
                plugin -> HostPluginContext.of(
                        plugin, new StoredPluginSettings(plugin, settings), data.of(plugin.id()), publicUrl),
                executor,
                START_TIMEOUT);
        started.startAll(disabledIds());
        host = started;
        long running = started.statuses().stream()
                .filter(s -> s.state().equals("running"))
                .count();
        LOGGER.info("Plugins: " + running + " of " + loaded.size() + " running (plugin directory "
                + dir.toAbsolutePath() + ")");
    }

    @PreDestroy
    void stopAll() {
        if (host != null) {
            host.stopAll();
        }
    }

    /** Whether loading finished: each plugin has its state. */
    public boolean ready() {
        return host != null;
    }

    public List<PluginStatus> statuses() {
        return host == null ? List.of() : host.statuses();
    }

    public PluginStatus status(String id) {
        return host.status(id).orElseThrow(() -> unknown(id));
    }

    /** The plugins running now. */
    public List<LoadedPlugin> running() {
        return host == null ? List.of() : host.running();
    }

    /** The running plugin with this id. */
    public Optional<LoadedPlugin> running(String id) {
        return running().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** State and settings, for administrators. */
    public PluginDetails details(String id) {
        PluginStatus status = status(id);
        List<SettingView> views = host.plugin(id)
                .map(plugin -> settings.describe(id, plugin.settings()))
                .orElse(List.of());
        return new PluginDetails(
                status.id(), status.name(), status.version(), status.state(), status.reason(), status.source(), views);
    }

    /** Stores an administrator's setting changes; the plugin sees them on its next read. */
    public void updateSettings(String id, jakarta.json.JsonObject changes, String admin) {
        status(id);
        LoadedPlugin plugin = host.plugin(id)
                .orElseThrow(() -> ApiException.conflict(
                        "plugin_not_loaded",
                        "Plugin '" + id + "' failed to load, so it has no settings; see its reason."));
        settings.update(id, plugin.settings(), changes, admin);
        LOGGER.info("Administrator " + admin + " changed settings " + changes.keySet() + " of plugin " + id);
    }

    /** Enables or disables a plugin now and for later starts. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public PluginStatus setEnabled(String id, boolean enabled, String admin) {
        if (host.status(id).isEmpty()) {
            throw unknown(id);
        }
        if (!host.startable(id)) {
            throw ApiException.conflict(
                    "plugin_not_loaded",
                    "Plugin '" + id + "' failed to load, so it cannot be enabled or disabled; see its reason.");
        }
        PluginSetting setting = em.find(PluginSetting.class, id);
        if (setting == null) {
            setting = new PluginSetting();
            setting.pluginId = id;
            em.persist(setting);
        }
        setting.enabled = enabled;
        setting.updatedAt = Instant.now();
        setting.updatedBy = admin;
        em.flush();
        LOGGER.info("Administrator " + admin + (enabled ? " enabled" : " disabled") + " plugin " + id);
        switched.fire(new PluginSwitched(id, enabled));
        return enabled ? host.enable(id) : host.disable(id);
    }

    /**
     * Another instance of the cluster enabled or disabled a plugin: this one does what the database says now (the
     * choice stored last), not what the message says, so that two administrators switching at once, or a message
     * that came late, leave every instance as the database is.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void switchedElsewhere(@Observes @Received PluginSwitched change) {
        String id = change.pluginId();
        if (host != null && host.startable(id)) {
            PluginSetting stored = em.find(PluginSetting.class, id);
            boolean enabled = stored == null || stored.enabled;
            LOGGER.info("Plugin " + id + (enabled ? " enabled" : " disabled") + " on another instance of the cluster");
            if (enabled) {
                host.enable(id);
            } else {
                host.disable(id);
            }
        }
    }

    private Set<String> disabledIds() {
        return new HashSet<>(
                em.createQuery("select s.pluginId from PluginSetting s where s.enabled = false", String.class)
                        .getResultList());
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("plugin_not_found", "There is no plugin with id '" + id + "'.");
    }
}
