package dev.hearth.dashboard;

import dev.hearth.api.dashboard.ItemStatus;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.cluster.SharedMap;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.net.URI;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Loads widgets for one user in parallel. Each widget gets the same deadline; one that misses it answers
 * {@code timeout} while the others answer as they are. A successful result is cached per user, widget and language for
 * the widget's time to live, and concurrent loads of one widget for one user share a single load (and so a
 * single upstream call), also across requests. A load that misses the deadline still finishes in the
 * background and fills the cache for the next request.
 *
 * <p>Across a cluster: results are kept in a {@link SharedMap} too, and a load first takes the entry's lock there, so
 * that the instances share one load and one upstream call per interval between them. Each instance remembers what it
 * found until the shared entry expires, so that a cached dashboard asks neither the grid nor the upstream.
 */
public final class WidgetLoader {

    /** One widget to load: its id, how long a result stays fresh, and the load itself. */
    public record Job(String widgetId, String pluginId, Duration ttl, Supplier<WidgetResult> load) {}

    /** Per user, widget and language: a widget's texts are in the language of the request that loaded it. */
    private record Key(long userId, String widgetId, Locale locale) {}

    private record Cached(WidgetResult result, Instant expires, String pluginId) {}

    /** What the shared map holds: the result and when it expires (public for JSON-B). */
    public record Shared(WidgetResult result, Instant expires) {}

    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withDeserializers(new ItemReader()));

    /** Reads a {@link WidgetItem} as written (JSON-B cannot choose between its constructors). */
    public static final class ItemReader implements JsonbDeserializer<WidgetItem> {
        @Override
        public WidgetItem deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonObject item = parser.getObject();
            JsonObject status = item.getJsonObject("status");
            return new WidgetItem(
                    item.getString("id"),
                    item.getString("title"),
                    item.getString("subtitle", null),
                    uri(item.getString("link", null)),
                    uri(item.getString("iconUrl", null)),
                    item.containsKey("timestamp") ? Instant.parse(item.getString("timestamp")) : null,
                    item.getInt("badge", 0),
                    status == null
                            ? null
                            : new ItemStatus(
                                    status.getString("label"), ItemStatus.Tone.valueOf(status.getString("tone"))));
        }

        private static URI uri(String value) {
            return value == null ? null : URI.create(value);
        }
    }

    private final Executor executor;
    private final Clock clock;
    private final Duration deadline;
    private final SharedMap shared;
    /** Told of each result: {@code hit}, {@code shared_hit} or {@code load}. */
    private final Consumer<String> counted;

    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<WidgetResult>> inFlight = new ConcurrentHashMap<>();

    public WidgetLoader(Executor executor, Clock clock, Duration deadline, SharedMap shared, Consumer<String> counted) {
        this.executor = executor;
        this.clock = clock;
        this.deadline = deadline;
        this.shared = shared;
        this.counted = counted;
    }

    public List<WidgetResult> load(long userId, Locale locale, List<Job> jobs) {
        Instant now = clock.instant();
        List<CompletableFuture<WidgetResult>> futures = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            Key key = new Key(userId, job.widgetId(), Locale.forLanguageTag(locale.getLanguage()));
            Cached cached = cache.get(key);
            if (cached != null && now.isBefore(cached.expires())) {
                counted.accept("hit");
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
        forgetHere(userId, pluginId);
        shared.removeStartingWith(userId + "/" + pluginId + "/");
    }

    /** Drops what this instance remembers of them (another instance forgot the shared results). */
    public void forgetHere(long userId, String pluginId) {
        cache.entrySet()
                .removeIf(e ->
                        e.getKey().userId() == userId && e.getValue().pluginId().equals(pluginId));
    }

    /**
     * Runs the load; {@code done} (already registered as in flight) completes only after the result is cached and
     * the in-flight entry removed, so that whoever sees the result also sees the bookkeeping.
     */
    private void start(Key key, Job job, CompletableFuture<WidgetResult> done) {
        CompletableFuture.supplyAsync(() -> loadShared(key, job), executor).whenComplete((cached, failure) -> {
            if (cached != null && cached.result().ok()) {
                cache.put(key, cached);
                if (cache.size() > 50_000) {
                    Instant now = clock.instant();
                    cache.values().removeIf(c -> !now.isBefore(c.expires()));
                }
            }
            inFlight.remove(key, done);
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(cached.result());
            }
        });
    }

    /**
     * The shared result if there is one; else, holding the shared entry's lock (so that another instance loading it
     * is waited for, up to the deadline), that result if it came meanwhile, or this load's, shared when it succeeded.
     */
    private Cached loadShared(Key key, Job job) {
        String name = key.userId() + "/" + job.pluginId() + "/" + key.widgetId() + "/"
                + key.locale().toLanguageTag();
        Cached found = read(shared.get(name), job.pluginId());
        if (found != null) {
            counted.accept("shared_hit");
            return found;
        }
        return shared.exclusive(name, deadline, () -> {
            Cached meanwhile = read(shared.get(name), job.pluginId());
            if (meanwhile != null) {
                counted.accept("shared_hit");
                return meanwhile;
            }
            counted.accept("load");
            WidgetResult result = job.load().get();
            Instant expires = clock.instant().plus(job.ttl());
            if (result.ok()) {
                shared.put(name, JSON.toJson(new Shared(result, expires)), job.ttl());
            }
            return new Cached(result, expires, job.pluginId());
        });
    }

    /** A shared entry, if there is one that is still fresh; one this version cannot read is no entry. */
    private Cached read(String stored, String pluginId) {
        if (stored == null) {
            return null;
        }
        Shared entry;
        try {
            entry = JSON.fromJson(stored, Shared.class);
        } catch (JsonbException | IllegalArgumentException | NullPointerException unreadable) {
            return null;
        }
        return clock.instant().isBefore(entry.expires()) ? new Cached(entry.result(), entry.expires(), pluginId) : null;
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
