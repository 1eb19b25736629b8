package dev.hearth.openproject;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Work packages by id ({@code 123} or {@code #123}) or by subject, in every project the user can see, open or
 * closed, most recently updated first: OpenProject's {@code subjectOrId} filter, which matches the id of a number as
 * well as subjects containing it. Each entry: {@code #id subject}, then status, type, project and assignee; the
 * cursor is the next page's number.
 */
final class WorkPackageSearch implements SearchProvider {

    private static final String RECENTLY_UPDATED_FIRST = "[[\"updatedAt\",\"desc\"]]";

    @Override
    public String id() {
        return "work-packages";
    }

    @Override
    public String name() {
        return "search.name";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public SearchResult search(UserContext user, SearchQuery query) {
        ConnectedAccount connection = OpenProject.connection(user);
        String term = query.term().strip();
        if (term.matches("#\\d+")) {
            term = term.substring(1);
        }
        int page = page(query.cursor());
        JsonObject collection = Hal.resource(
                OpenProject.api(user)
                        .workPackages(
                                page,
                                query.limit(),
                                Hal.filter("subjectOrId", "**", List.of(term)),
                                RECENTLY_UPDATED_FIRST),
                "WorkPackageCollection");
        List<SearchEntry> entries = new ArrayList<>();
        for (JsonValue element : Hal.elements(collection)) {
            entry(connection, element).ifPresent(entries::add);
        }
        String next = Hal.href(collection, "nextByOffset").isPresent() ? Integer.toString(page + 1) : null;
        return new SearchResult(entries, next);
    }

    private static Optional<SearchEntry> entry(ConnectedAccount connection, JsonValue element) {
        if (!(element instanceof JsonObject wp) || !(wp.get("id") instanceof jakarta.json.JsonNumber id)) {
            return Optional.empty();
        }
        String subline = Stream.of(
                        Hal.title(wp, "status"),
                        Hal.title(wp, "type"),
                        Hal.title(wp, "project"),
                        Hal.title(wp, "assignee"))
                .flatMap(Optional::stream)
                .collect(Collectors.joining(" · "));
        return Optional.of(SearchEntry.builder("#" + id + " " + wp.getString("subject", ""))
                .subline(subline)
                .link(OpenProject.activity(
                        connection.instanceUrl(), Hal.linkedId(wp, "project").orElse(null), id.longValue()))
                .build());
    }

    private static int page(String cursor) {
        try {
            return cursor == null ? 1 : Math.max(1, Integer.parseInt(cursor));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
