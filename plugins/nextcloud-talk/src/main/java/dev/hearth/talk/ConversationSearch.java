package dev.hearth.talk;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Talk conversations whose name contains the term (ignoring case), newest activity first. Talk has no server-side
 * conversation search for this, so the provider filters the user's conversation list, which it keeps for
 * {@value #KEEP_SECONDS} seconds per user and connection: typing a query letter by letter, and paging, costs one
 * upstream call. The cursor is the offset of the next page.
 */
final class ConversationSearch implements SearchProvider {

    static final long KEEP_SECONDS = 30;
    private static final int MAX_CACHED_USERS = 10_000;

    private record Cached(String connection, Instant fetched, List<Conversation> conversations) {}

    private final Supplier<Clock> clock;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    ConversationSearch(Supplier<Clock> clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "conversations";
    }

    @Override
    public String name() {
        return "search.name";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public SearchResult search(UserContext user, SearchQuery query) {
        ConnectedAccount connection = Nextcloud.connection(user);
        String term = query.term().toLowerCase(Locale.ROOT);
        List<Conversation> matches = conversations(user, connection).stream()
                .filter(c -> c.displayName().toLowerCase(Locale.ROOT).contains(term))
                .toList();
        int from = offset(query.cursor(), matches.size());
        int to = Math.min(matches.size(), from + query.limit());
        List<SearchEntry> entries = matches.subList(from, to).stream()
                .map(c -> SearchEntry.builder(c.displayName())
                        .subline(c.preview(user, connection.account().id()))
                        .link(Nextcloud.conversationLink(connection.instanceUrl(), c.token()))
                        .build())
                .toList();
        return new SearchResult(entries, to < matches.size() ? Integer.toString(to) : null);
    }

    private List<Conversation> conversations(UserContext user, ConnectedAccount connection) {
        String key = connection.instanceUrl() + "#" + connection.account().id();
        Instant now = clock.get().instant();
        Cached cached = cache.get(user.userId());
        if (cached != null
                && cached.connection().equals(key)
                && cached.fetched().plusSeconds(KEEP_SECONDS).isAfter(now)) {
            return cached.conversations();
        }
        List<Conversation> fresh = Nextcloud.conversations(user);
        // Only the users of the last half minute stay: a search session, not everyone who ever searched.
        cache.values().removeIf(c -> !c.fetched().plusSeconds(KEEP_SECONDS).isAfter(now));
        if (cache.size() < MAX_CACHED_USERS) {
            cache.put(user.userId(), new Cached(key, now, fresh));
        }
        return fresh;
    }

    private static int offset(String cursor, int size) {
        if (cursor == null) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(size, Integer.parseInt(cursor)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Forgets everything, when the plugin stops. */
    void clear() {
        cache.clear();
    }
}
