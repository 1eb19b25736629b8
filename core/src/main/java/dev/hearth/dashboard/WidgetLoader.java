package dev.hearth.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Loads widgets for one user in parallel. Each widget gets the same deadline; one that misses it answers
 * {@code timeout} while the others answer as they are. A successful result is cached per user, widget and language for
 * the widget's time to live, and concurrent loads of one widget for one user share a single load (and so a
 * single upstream call), also across requests. A load that misses the deadline still finishes in the
 * background and fills the cache for the next request.
 */
public final class WidgetLoader {

    /** One widget to load: its id, how long a result stays fresh, and the load itself. */
    public record Job(String widgetId, String pluginId, Duration ttl, Supplier<WidgetResult> load) {}

    /** Per user, widget and language: a widget's texts are in the language of the request that loaded it. */
    private record Key(long userId, String widgetId, Locale locale) {}

    private record Cached(WidgetResult result, Instant expires, String pluginId) {}

    private final Executor executor;
    private final Clock clock;
    private final Duration deadline;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<WidgetResult>> inFlight = new ConcurrentHashMap<>();

    public WidgetLoader(Executor executor, Clock clock, Duration deadline) {
        this.executor = executor;
        this.clock = clock;
        this.deadline = deadline;
    }

    public List<WidgetResult> load(long userId, Locale locale, List<Job> jobs) {
        Instant now = clock.instant();
        List<CompletableFuture<WidgetResult>> futures = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            Key key = new Key(userId, job.widgetId(), Locale.forLanguageTag(locale.getLanguage()));
            Cached cached = cache.get(key);
            if (cached != null && now.isBefore(cached.expires())) {
                futures.add(CompletableFuture.completedFuture(cached.result()));
            } else {
                CompletableFuture<WidgetResult> mine = new CompletableFuture<>();
                CompletableFuture<WidgetResult> running = inFlight.putIfAbsent(key, mine);
                if (running == null) {
                    start(key, job, mine);
                    running = mine;
                }
                futures.add(running);
            }
        }
        long end = System.nanoTime() + deadline.toNanos();
        List<WidgetResult> results = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            results.add(await(jobs.get(i), futures.get(i), end));
        }
        return results;
    }

    /** Drops a user's cached results of one plugin (after they connected or disconnected it). */
    public void forget(long userId, String pluginId) {
        cache.entrySet()
                .removeIf(e ->
                        e.getKey().userId() == userId && e.getValue().pluginId().equals(pluginId));
    }

    /**
     * Runs the load; {@code done} (already registered as in flight) completes only after the result is cached and
     * the in-flight entry removed, so that whoever sees the result also sees the bookkeeping.
     */
    private void start(Key key, Job job, CompletableFuture<WidgetResult> done) {
        CompletableFuture.supplyAsync(job.load(), executor).whenComplete((result, failure) -> {
            if (result != null && result.ok()) {
                cache.put(key, new Cached(result, clock.instant().plus(job.ttl()), job.pluginId()));
                if (cache.size() > 50_000) {
                    Instant now = clock.instant();
                    cache.values().removeIf(c -> !now.isBefore(c.expires()));
                }
            }
            inFlight.remove(key, done);
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        });
    }

    private WidgetResult await(Job job, CompletableFuture<WidgetResult> future, long end) {
        try {
            return future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return WidgetResult.failed(
                    job.widgetId(),
                    WidgetResult.TIMEOUT,
                    "The service did not answer within " + deadline.toSeconds() + " s.",
                    clock.instant());
        } catch (ExecutionException e) {
            return WidgetResult.failed(
                    job.widgetId(), WidgetResult.ERROR, "The widget failed to load.", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WidgetResult.failed(job.widgetId(), WidgetResult.ERROR, "Loading was interrupted.", clock.instant());
        }
    }
}
