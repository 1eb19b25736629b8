package dev.hearth.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.PluginContext;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginHostTest {

    private static final Function<LoadedPlugin, PluginContext> CONTEXTS =
            p -> HostPluginContext.of(p, name -> Optional.empty(), null, Optional.empty());

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    /** A plugin whose start does what the test says, and that records its life cycle. */
    private class TestPlugin implements HearthPlugin {
        final String id;
        final Starter starter;
        volatile ClassLoader contextLoaderAtStart;
        volatile PluginContext context;

        TestPlugin(String id, Starter starter) {
            this.id = id;
            this.starter = starter;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return id.toUpperCase();
        }

        @Override
        public void start(PluginContext context) throws Exception {
            this.context = context;
            contextLoaderAtStart = Thread.currentThread().getContextClassLoader();
            synchronized (events) {
                events.add("start " + id);
            }
            starter.start();
        }

        @Override
        public void stop() {
            synchronized (events) {
                events.add("stop " + id);
            }
        }
    }

    @FunctionalInterface
    private interface Starter {
        void start() throws Exception;
    }

    private PluginHost host(Duration timeout, HearthPlugin... plugins) {
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (HearthPlugin plugin : plugins) {
            loaded.add(LoadedPlugin.loaded(plugin, plugin.id(), plugin.name(), "1.0", plugin.id() + ".jar", List.of()));
        }
        return new PluginHost(loaded, CONTEXTS, executor, timeout);
    }

    private static Map<String, PluginStatus> statuses(PluginHost host) {
        return host.statuses().stream().collect(Collectors.toMap(PluginStatus::id, Function.identity()));
    }

    @Test
    void pluginThatThrowsOnStartIsFailedWhileTheOthersRun() {
        PluginHost host = host(
                Duration.ofSeconds(5),
                new TestPlugin("first", () -> {}),
                new TestPlugin("broken", () -> {
                    throw new IllegalStateException("upstream URL not configured");
                }),
                new TestPlugin("last", () -> {}));

        host.startAll(Set.of());

        Map<String, PluginStatus> status = statuses(host);
        assertEquals("running", status.get("first").state());
        assertEquals("failed", status.get("broken").state());
        assertEquals(
                "IllegalStateException: upstream URL not configured",
                status.get("broken").reason());
        assertEquals("running", status.get("last").state());
        assertNull(status.get("last").reason());
    }

    @Test
    void pluginThatHangsOnStartFailsAfterTheDeadlineAndDoesNotHoldUpTheOthers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        PluginHost host =
                host(Duration.ofMillis(300), new TestPlugin("hangs", never::await), new TestPlugin("fine", () -> {}));

        host.startAll(Set.of());

        assertEquals("failed", statuses(host).get("hangs").state());
        assertTrue(statuses(host).get("hangs").reason().contains("did not finish starting"));
        assertEquals("running", statuses(host).get("fine").state());
    }

    @Test
    void disabledPluginsAreNotStartedAndCanBeEnabledAndDisabledAgain() {
        PluginHost host = host(Duration.ofSeconds(5), new TestPlugin("toggle", () -> {}));

        host.startAll(Set.of("toggle"));
        assertEquals("disabled", statuses(host).get("toggle").state());
        assertEquals(List.of(), events);

        assertEquals("running", host.enable("toggle").state());
        assertEquals("disabled", host.disable("toggle").state());
        assertEquals("running", host.enable("toggle").state());
        assertEquals("running", host.enable("toggle").state(), "enabling a running plugin changes nothing");

        assertEquals(List.of("start toggle", "stop toggle", "start toggle"), events);
    }

    @Test
    void aFailedPluginIsRetriedWhenEnabledAndForgottenWhenDisabled() {
        int[] attempts = {0};
        PluginHost host = host(Duration.ofSeconds(5), new TestPlugin("flaky", () -> {
            if (attempts[0]++ == 0) {
                throw new IllegalStateException("first start fails");
            }
        }));
        host.startAll(Set.of());
        assertEquals("failed", statuses(host).get("flaky").state());

        assertEquals("running", host.enable("flaky").state());

        host.disable("flaky");
        assertNull(statuses(host).get("flaky").reason());
    }

    @Test
    void startRunsWithThePluginsClassLoaderAsContextLoaderAndItsOwnContext() throws Exception {
        TestPlugin plugin = new TestPlugin("ctx", () -> {});
        try (URLClassLoader pluginLoader =
                new URLClassLoader("plugin:ctx.jar", new URL[0], getClass().getClassLoader())) {
            LoadedPlugin loaded =
                    new LoadedPlugin("ctx", "Ctx", "1.0", "ctx.jar", plugin, pluginLoader, List.of(), null);
            PluginHost host = new PluginHost(List.of(loaded), CONTEXTS, executor, Duration.ofSeconds(5));

            host.startAll(Set.of());

            assertSame(pluginLoader, plugin.contextLoaderAtStart);
            assertEquals("ctx", plugin.context.pluginId());
        }
    }

    @Test
    void stopAllStopsOnlyRunningPluginsAndSurvivesAThrowingStop() {
        HearthPlugin throwsOnStop = new TestPlugin("throws-on-stop", () -> {}) {
            @Override
            public void stop() {
                super.stop();
                throw new IllegalStateException("cannot close");
            }
        };
        PluginHost host = host(
                Duration.ofSeconds(5), throwsOnStop, new TestPlugin("off", () -> {}), new TestPlugin("on", () -> {}));
        host.startAll(Set.of("off"));

        host.stopAll();

        assertEquals(List.of("start throws-on-stop", "start on", "stop throws-on-stop", "stop on"), events);
    }

    @Test
    void loadFailuresAreListedAsFailedAndCannotBeStarted() {
        LoadedPlugin broken = LoadedPlugin.failed("broken.jar", "broken.jar", "unknown", "broken.jar", "bad JAR");
        PluginHost host = new PluginHost(List.of(broken), CONTEXTS, executor, Duration.ofSeconds(1));

        host.startAll(Set.of());

        assertEquals(
                List.of(new PluginStatus("broken.jar", "broken.jar", "unknown", "failed", "bad JAR", "broken.jar")),
                host.statuses());
        assertFalse(host.startable("broken.jar"));
        assertTrue(host.status("broken.jar").isPresent());
    }
}
