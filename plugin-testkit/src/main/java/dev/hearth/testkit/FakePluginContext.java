package dev.hearth.testkit;

import dev.hearth.api.PluginContext;
import dev.hearth.api.PluginSettings;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The context Hearth hands a plugin's {@code start()}, for tests: settings as an administrator would set them
 * (change them while the test runs, as an administrator can), a clock of your choice, and a logger that keeps what
 * the plugin logged.
 *
 * <pre>{@code
 * FakePluginContext context = FakePluginContext.of("tasks").setting("url", upstream.uri().toString());
 * plugin.start(context);
 * }</pre>
 */
public final class FakePluginContext implements PluginContext {

    private final String pluginId;
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private final MemoryStore store = new MemoryStore();
    private volatile URI publicUrl;

    private FakePluginContext(String pluginId) {
        this.pluginId = pluginId;
    }

    /**
     * @param pluginId the plugin's id
     * @return a context without settings, on the system clock
     */
    public static FakePluginContext of(String pluginId) {
        return new FakePluginContext(pluginId);
    }

    /**
     * Sets one setting, as an administrator would (secrets too: the plugin sees them decrypted).
     *
     * @param name the setting's name
     * @param value its value, or {@code null} to clear it
     * @return this context
     */
    public FakePluginContext setting(String name, String value) {
        if (value == null) {
            settings.remove(name);
        } else {
            settings.put(name, value);
        }
        return this;
    }

    /**
     * @param clock the clock the plugin reads
     * @return this context
     */
    public FakePluginContext clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Tells the plugin Hearth's public URL, as an operator does with {@code HEARTH_PUBLIC_URL}, so that
     * {@link #webhookUrl(String)} answers.
     *
     * @param publicUrl Hearth's public root URL (for example the URL of a test server that stands for Hearth)
     * @return this context
     */
    public FakePluginContext publicUrl(URI publicUrl) {
        this.publicUrl = publicUrl;
        return this;
    }

    @Override
    public Optional<URI> webhookUrl(String path) {
        URI base = publicUrl;
        if (base == null) {
            return Optional.empty();
        }
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return Optional.of(URI.create(root + "api/v1/plugins/" + pluginId + "/webhooks/" + path));
    }

    /** @return what the plugin logged, one line per message, with its level first */
    public List<String> logged() {
        return List.copyOf(logged);
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public System.Logger logger() {
        return new RecordingLogger();
    }

    @Override
    public PluginSettings settings() {
        return name -> Optional.ofNullable(settings.get(name));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** @return the plugin's store, in memory */
    @Override
    public MemoryStore store() {
        return store;
    }

    private final class RecordingLogger implements System.Logger {
        @Override
        public String getName() {
            return "dev.hearth.plugins." + pluginId;
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            logged.add(level + " " + message + (thrown == null ? "" : " " + thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            logged.add(level + " "
                    + (params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params)));
        }
    }
}
