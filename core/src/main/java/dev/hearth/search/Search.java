package dev.hearth.search;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import dev.hearth.connections.Connections;
import dev.hearth.connections.UserCall;
import dev.hearth.connections.UserConnections;
import dev.hearth.metrics.HearthMetrics;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the search providers in parallel. Each answer completes by the per-provider timeout at the latest, so
 * a provider that hangs costs the others nothing.
 */
@ApplicationScoped
public class Search {

    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 25;
    static final int MAX_TERM = 200;

    @Inject
    HearthMetrics metrics;

    @Inject
    PluginRegistry plugins;

    @Inject
    Connections connections;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "hearth.search.timeout", defaultValue = "PT5S")
    Duration timeout;

    /** A checked search request. */
    public record Request(String term, List<String> providers, int limit, String cursor) {}

    public List<ProviderInfo> providers(Locale locale) {
        return providers(available(), locale);
    }

    private static List<ProviderInfo> providers(Map<String, Contribution<SearchProvider>> all, Locale locale) {
        return all.values().stream()
                .sorted(Comparator.comparingInt(
                                (Contribution<SearchProvider> c) -> c.item().order())
                        .thenComparing(Contribution::id))
                .map(c -> new ProviderInfo(
                        c.id(),
                        c.plugin().id(),
                        c.plugin().text(c.item().name(), locale),
                        c.item().order(),
                        c.item().needsConnection()))
                .toList();
    }

    /** Checks the raw parameters: term, providers, limit (clamped to 1..25), cursor. */
    public Request request(String term, List<String> providers, String limit, String cursor) {
        String t = term == null ? "" : term.strip();
        if (t.isEmpty() || t.length() > MAX_TERM) {
            throw ApiException.badRequest("validation_failed", "term: search for 1 to " + MAX_TERM + " characters");
        }
        int n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(limit.strip())));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("validation_failed", "limit: a whole number from 1 to " + MAX_LIMIT);
            }
        }
        List<String> chosen = providers == null ? List.of() : List.copyOf(new LinkedHashSet<>(providers));
        if (cursor != null && !cursor.isBlank()) {
            Cursors.Cursor decoded = Cursors.decode(cursor);
            if (!chosen.isEmpty() && !chosen.equals(List.of(decoded.provider()))) {
                throw ApiException.badRequest("invalid_cursor", "A cursor continues the one provider it came from.");
            }
            chosen = List.of(decoded.provider());
        }
        return new Request(t, chosen, n, cursor == null || cursor.isBlank() ? null : cursor);
    }

    /** Starts the search; every future completes, by the timeout at the latest, in provider order. */
    public List<CompletableFuture<ProviderResult>> start(
            long accountId, String username, Locale locale, Request request) {
        Map<String, Contribution<SearchProvider>> all = available();
        List<String> ids = request.providers().isEmpty()
                ? providers(all, locale).stream().map(ProviderInfo::id).toList()
                : request.providers();
        List<String> unknown = ids.stream().filter(id -> !all.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(
                    400,
                    "unknown_provider",
                    "There are no search providers " + unknown + ".",
                    Map.of("providers", unknown));
        }
        String providerCursor = request.cursor() == null
                ? null
                : Cursors.decode(request.cursor()).providerCursor();
        UserConnections mine = connections.of(accountId, username, locale);
        reserve(accountId, ids.size(), all.size());
        List<CompletableFuture<ProviderResult>> answers = new ArrayList<>();
        for (String id : ids) {
            Contribution<SearchProvider> c = all.get(id);
            SearchQuery query = new SearchQuery(request.term(), request.limit(), providerCursor);
            Optional<UserCall.Outcome<SearchResult>> blocked =
                    UserCall.blocked(mine, c.plugin(), c.item().needsConnection());
            if (blocked.isPresent()) {
                release(accountId);
            }
            answers.add(blocked.map(b -> CompletableFuture.completedFuture(result(c, b, locale)))
                    .orElseGet(() -> CompletableFuture.supplyAsync(
                                    () -> {
                                        try {
                                            return result(
                                                    c,
                                                    UserCall.run(
                                                            metrics, mine, c.plugin(), "search", id, user -> c.item()
                                                                    .search(user, query)),
                                                    locale);
                                        } finally {
                                            release(accountId); // when the call ends, not at the timeout
                                        }
                                    },
                                    executor)
                            .completeOnTimeout(
                                    new ProviderResult(
                                            id,
                                            c.plugin().text(c.item().name(), locale),
                                            "timeout",
                                            List.of(),
                                            null,
                                            "No answer within " + timeout.toSeconds() + " s."),
                                    timeout.toMillis(),
                                    TimeUnit.MILLISECONDS)
                            .thenApply(answer -> {
                                if ("timeout".equals(answer.status())) {
                                    metrics.timeout(c.plugin().id(), "search", id);
                                }
                                return answer;
                            })));
        }
        return answers;
    }

    /**
     * Provider calls a user may have running at once, in searches over every provider: three. A provider that hangs
     * keeps its call running after the search has answered (by its timeout), so without a bound a user repeating a
     * search could pile up calls and hold the server's threads.
     */
    static final int SEARCHES_PER_ACCOUNT = 3;

    /** Running provider calls by account; changed only inside {@code compute}, so reserve and release never race. */
    private final Map<Long, Integer> running = new ConcurrentHashMap<>();

    private void reserve(long accountId, int calls, int providers) {
        int limit = SEARCHES_PER_ACCOUNT * Math.max(1, providers);
        boolean[] reserved = {false};
        running.compute(accountId, (id, now) -> {
            int before = now == null ? 0 : now;
            if (before + calls > limit) {
                return now;
            }
            reserved[0] = true;
            return before + calls;
        });
        if (!reserved[0]) {
            throw new ApiException(
                    429,
                    "too_many_searches",
                    "Your earlier searches are still running: wait a few seconds and search again.");
        }
    }

    private void release(long accountId) {
        running.compute(accountId, (id, now) -> now == null || now <= 1 ? null : now - 1);
    }

    public List<ProviderResult> search(long accountId, String username, Locale locale, Request request) {
        return start(accountId, username, locale, request).stream()
                .map(CompletableFuture::join)
                .toList();
    }

    private static ProviderResult result(
            Contribution<SearchProvider> c, UserCall.Outcome<SearchResult> outcome, Locale locale) {
        String name = c.plugin().text(c.item().name(), locale);
        if (!outcome.ok()) {
            return new ProviderResult(c.id(), name, outcome.status(), List.of(), null, outcome.message());
        }
        return new ProviderResult(
                c.id(),
                name,
                "ok",
                outcome.value().entries(),
                Cursors.encode(c.id(), outcome.value().nextCursor()),
                null);
    }

    private Map<String, Contribution<SearchProvider>> available() {
        return Contribution.collect(
                plugins.running(), "search provider", HearthPlugin::searchProviders, SearchProvider::id);
    }
}
