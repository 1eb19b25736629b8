package dev.hearth.plugins;

import dev.hearth.api.PluginContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life cycle of the loaded plugins: starts each one on a worker thread with the
 * plugin's class loader as context loader and a deadline, and records {@code running}, {@code disabled} or
 * {@code failed} with the reason. One plugin's failure or hang never stops the others from starting.
 */
public final class PluginHost {

    private static final Logger LOGGER = Logger.getLogger(PluginHost.class.getName());

    /** The states of a plugin. */
    public enum State {
        RUNNING,
        DISABLED,
        FAILED;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final class Entry {
        final LoadedPlugin loaded;
        State state;
        String reason;

        Entry(LoadedPlugin loaded, State state, String reason) {
            this.loaded = loaded;
            this.state = state;
            this.reason = reason;
        }

        PluginStatus status() {
            return new PluginStatus(
                    loaded.id(), loaded.name(), loaded.version(), state.json(), reason, loaded.source());
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Function<LoadedPlugin, PluginContext> contexts;
    private final ExecutorService executor;
    private final Duration startTimeout;

    public PluginHost(
            List<LoadedPlugin> loaded,
            Function<LoadedPlugin, PluginContext> contexts,
            ExecutorService executor,
            Duration startTimeout) {
        this.contexts = contexts;
        this.executor = executor;
        this.startTimeout = startTimeout;
        for (LoadedPlugin plugin : loaded) {
            Entry entry = new Entry(plugin, plugin.ok() ? State.DISABLED : State.FAILED, plugin.error());
            entries.add(entry);
            if (plugin.ok()) {
                byId.put(plugin.id(), entry);
            } else {
                LOGGER.warning(
                        "Plugin " + plugin.id() + " from " + plugin.source() + " failed to load: " + plugin.error());
            }
        }
    }

    /** Starts every loaded plugin except the ones an administrator disabled. */
    public synchronized void startAll(Set<String> disabled) {
        for (Entry entry : byId.values()) {
            if (disabled.contains(entry.loaded.id())) {
                LOGGER.info("Plugin " + entry.loaded.id() + " is disabled");
            } else {
                start(entry);
            }
        }
    }

    public synchronized List<PluginStatus> statuses() {
        return entries.stream().map(Entry::status).toList();
    }

    public synchronized Optional<PluginStatus> status(String id) {
        return Optional.ofNullable(byId.get(id)).map(Entry::status).or(() -> entries.stream()
                .filter(e -> e.loaded.id().equals(id))
                .findFirst()
                .map(Entry::status));
    }

    /** The loaded plugin with this id; failed loads are not there. */
    public synchronized Optional<LoadedPlugin> plugin(String id) {
        return Optional.ofNullable(byId.get(id)).map(e -> e.loaded);
    }

    /** The plugins that are running now, in load order. */
    public synchronized List<LoadedPlugin> running() {
        return byId.values().stream()
                .filter(e -> e.state == State.RUNNING)
                .map(e -> e.loaded)
                .toList();
    }

    /** Whether a plugin with this id was loaded and can be started; failed loads cannot. */
    public synchronized boolean startable(String id) {
        return byId.containsKey(id);
    }

    /** Starts a disabled or failed plugin; a running one stays as it is. */
    public synchronized PluginStatus enable(String id) {
        Entry entry = byId.get(id);
        if (entry.state != State.RUNNING) {
            start(entry);
        }
        return entry.status();
    }

    /** Stops a running plugin; a failed one becomes disabled, its failure forgotten. */
    public synchronized PluginStatus disable(String id) {
        Entry entry = byId.get(id);
        if (entry.state == State.RUNNING) {
            stop(entry);
        }
        entry.state = State.DISABLED;
        entry.reason = null;
        return entry.status();
    }

    public synchronized void stopAll() {
        byId.values().stream().filter(e -> e.state == State.RUNNING).forEach(this::stop);
    }

    private void start(Entry entry) {
        LoadedPlugin plugin = entry.loaded;
        PluginContext context = contexts.apply(plugin);
        Future<?> started = executor.submit(() -> withContextLoader(plugin.loader(), () -> {
            plugin.plugin().start(context);
            return null;
        }));
        try {
            started.get(startTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            entry.state = State.RUNNING;
            entry.reason = null;
            LOGGER.info(
                    "Plugin " + plugin.id() + " " + plugin.version() + " is running (from " + plugin.source() + ")");
        } catch (TimeoutException e) {
            started.cancel(true);
            fail(entry, "It did not finish starting within " + startTimeout.toSeconds() + " s", null);
        } catch (ExecutionException e) {
            fail(entry, PluginLoader.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(entry, "Start-up was interrupted", null);
        }
    }

    private void stop(Entry entry) {
        try {
            withContextLoader(entry.loaded.loader(), () -> {
                entry.loaded.plugin().stop();
                return null;
            });
        } catch (Exception | LinkageError e) {
            LOGGER.log(Level.WARNING, "Plugin " + entry.loaded.id() + " failed to stop cleanly", e);
        }
        LOGGER.info("Plugin " + entry.loaded.id() + " stopped");
    }

    private void fail(Entry entry, String reason, Throwable cause) {
        entry.state = State.FAILED;
        entry.reason = reason;
        LOGGER.log(Level.WARNING, "Plugin " + entry.loaded.id() + " failed to start: " + reason, cause);
    }

    /** Code to run with some context class loader. */
    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs code with this context class loader: a plugin's own, while the host calls into the plugin, so that the
     * libraries it bundles find their resources; the host's, while the plugin calls back into the host from there,
     * since the plugin's loader does not offer the host's classes ({@link PluginClassPath}).
     */
    static <T, E extends Exception> T withContextLoader(ClassLoader loader, Call<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
