package dev.hearth.atlassian;

import dev.hearth.api.PluginStore;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.UpstreamException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One user's way into Atlassian: the gateway client presenting their token, their sites (cached), and calls across
 * sites in parallel, each site's failure kept apart from the others'.
 */
final class Atlassian {

    /** How long the list of sites is kept before it is read again. */
    static final Duration SITES_FRESH = Duration.ofMinutes(15);
    /** How long to wait before the one retry of a call refused with "scope does not match" right after consent. */
    static final Duration SCOPE_LAG = Duration.ofMillis(1500);

    private static final String SITES = "sites";
    private static final ExecutorService PARALLEL = Executors.newCachedThreadPool(new Daemons());

    private final UserContext user;
    private final Gateway gateway;
    private final Clock clock;

    private Atlassian(UserContext user, Gateway gateway, Clock clock) {
        this.user = user;
        this.gateway = gateway;
        this.clock = clock;
    }

    static Atlassian of(UserContext user, Clock clock) {
        ConnectedAccount connection = connection(user);
        return new Atlassian(user, user.http().create(Gateway.class, connection.instanceUrl()), clock);
    }

    static ConnectedAccount connection(UserContext user) {
        return user.connection()
                .orElseThrow(
                        () -> new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "Not connected to Atlassian"));
    }

    UserContext user() {
        return user;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Makes a gateway call; one refused with "scope does not match" is made once more after a short wait, because
     * Atlassian's edge lags behind a fresh consent for a moment.
     */
    String call(Function<Gateway, String> call) {
        try {
            return call.apply(gateway);
        } catch (GatewayErrors.ScopeMismatch lag) {
            try {
                Thread.sleep(SCOPE_LAG.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw lag;
            }
            return call.apply(gateway);
        }
    }

    /**
     * The user's sites: read from {@code accessible-resources} when not read in the last 15 minutes or when the
     * user connected again since (a new consent may grant other sites); a site that left the grant is gone then.
     */
    List<Site> sites() {
        PluginStore store = user.store();
        String grant = grant();
        Instant now = clock.instant();
        JsonObject cached = store.get(SITES)
                .map(text -> Bodies.object(text, "the stored sites"))
                .orElse(null);
        if (cached != null
                && grant.equals(Bodies.text(cached, "grant"))
                && Bodies.time(Bodies.text(cached, "readAt")) != null
                && Bodies.time(Bodies.text(cached, "readAt")).plus(SITES_FRESH).isAfter(now)) {
            List<Site> sites = new ArrayList<>();
            cached.getJsonArray("sites").getValuesAs(JsonObject.class).forEach(s -> sites.add(Site.fromJson(s)));
            return sites;
        }
        List<Site> sites = Site.parse(Bodies.array(call(Gateway::accessibleResources), "accessible-resources"));
        JsonArrayBuilder list = Json.createArrayBuilder();
        sites.forEach(s -> list.add(s.toJson()));
        store.put(
                SITES,
                Json.createObjectBuilder()
                        .add("grant", grant)
                        .add("readAt", now.toString())
                        .add("sites", list)
                        .build()
                        .toString());
        return sites;
    }

    /** The sites with one product. */
    List<Site> sites(String product) {
        return sites().stream().filter(s -> s.has(product)).toList();
    }

    /**
     * Which consent the cached sites belong to: a short hash of the refresh token, which a new consent replaces (and
     * a refresh rotates, which only reads the sites again a little early). Not reversible, and too short to test a
     * guess against.
     */
    private String grant() {
        Credential credential = connection(user).credential();
        String secret = credential instanceof Credential.OAuth2 oauth && oauth.refreshToken() != null
                ? oauth.refreshToken()
                : credential.authorization();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one site answered: a value, or the failure that site gave. */
    record PerSite<T>(Site site, T value, UpstreamException failure) {}

    /**
     * Calls every site at once and waits for all. A site's {@link UpstreamException} stays that site's; when the
     * token itself was refused (which no site can answer otherwise), that refusal is thrown for all.
     */
    static <T> List<PerSite<T>> across(List<Site> sites, Function<Site, T> call) {
        if (sites.size() == 1) {
            return List.of(one(sites.get(0), () -> call.apply(sites.get(0))));
        }
        List<CompletableFuture<PerSite<T>>> futures = new ArrayList<>();
        for (Site site : sites) {
            futures.add(CompletableFuture.supplyAsync(() -> one(site, () -> call.apply(site)), PARALLEL));
        }
        List<PerSite<T>> results = new ArrayList<>();
        for (CompletableFuture<PerSite<T>> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "Interrupted while asking Atlassian");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    /** The sites that answered; when none did, the first failure. */
    static <T> List<Atlassian.PerSite<T>> answered(List<Atlassian.PerSite<T>> all) {
        List<Atlassian.PerSite<T>> answered = new ArrayList<>();
        UpstreamException first = null;
        for (Atlassian.PerSite<T> one : all) {
            if (one.failure() == null) {
                answered.add(one);
            } else if (first == null) {
                first = one.failure();
            }
        }
        if (answered.isEmpty() && first != null) {
            throw first;
        }
        return answered;
    }

    private static <T> PerSite<T> one(Site site, Supplier<T> call) {
        try {
            return new PerSite<>(site, call.get(), null);
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                throw e;
            }
            return new PerSite<>(site, null, e);
        }
    }

    /** Daemon threads that load classes as the plugin does. */
    private static final class Daemons implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "hearth-atlassian-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(Atlassian.class.getClassLoader());
            return thread;
        }
    }
}
