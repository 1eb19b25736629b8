package dev.hearth.bench.plugin;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.TokenFlow;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.Poll;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark's plugin: three widgets ({@code a}, {@code b}, {@code c}), three search providers ({@code fast},
 * {@code slow}, {@code hanging}) and a notification source polled every minute, each one upstream call through the
 * user's connection (a token on any instance), like the real integrations. The upstream decides how long each
 * takes.
 */
public final class BenchPlugin implements HearthPlugin {

    @Override
    public String id() {
        return "bench";
    }

    @Override
    public String name() {
        return "Bench";
    }

    @Override
    public List<AuthFlow> authFlows() {
        return List.of(TokenFlow.anyInstance("Token", Credential.Bearer::new, (instance, http) -> {
            BenchApi.Me me = http.create(BenchApi.class, instance).me();
            return new AccountIdentity(me.id(), me.name());
        }));
    }

    @Override
    public List<DashboardWidget> widgets() {
        return List.of(new Widget("a"), new Widget("b"), new Widget("c"));
    }

    @Override
    public List<SearchProvider> searchProviders() {
        return List.of(new Provider("fast"), new Provider("slow"), new Provider("hanging"));
    }

    @Override
    public List<NotificationSource> notificationSources() {
        return List.of(new Feed());
    }

    private static BenchApi api(UserContext user) {
        return user.http()
                .create(BenchApi.class, user.connection().orElseThrow().instanceUrl());
    }

    private record Widget(String id) implements DashboardWidget {
        @Override
        public String title() {
            return "Widget " + id;
        }

        @Override
        public Duration reloadInterval() {
            return Duration.ofMinutes(5);
        }

        @Override
        public WidgetContent load(UserContext user) {
            return WidgetContent.of(api(user).items(id).stream()
                    .map(item -> WidgetItem.builder(item.id(), item.title()).build())
                    .toList());
        }
    }

    private record Provider(String id) implements SearchProvider {
        @Override
        public String name() {
            return "Provider " + id;
        }

        @Override
        public SearchResult search(UserContext user, SearchQuery query) {
            return new SearchResult(
                    api(user).search(id, query.term()).stream()
                            .map(item -> SearchEntry.builder(item.title()).build())
                            .toList(),
                    null);
        }
    }

    private static final class Feed implements NotificationSource {
        @Override
        public String id() {
            return "feed";
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Poll poll(UserContext user, String cursor) {
            BenchApi.Feed feed = api(user).notifications(cursor);
            URI instance = user.connection().orElseThrow().instanceUrl();
            return new Poll(
                    feed.items().stream()
                            .map(item -> Notification.builder(item.id(), item.title(), Instant.now())
                                    .link(URI.create(instance + "/n/" + item.id()))
                                    .build())
                            .toList(),
                    feed.next());
        }
    }
}
