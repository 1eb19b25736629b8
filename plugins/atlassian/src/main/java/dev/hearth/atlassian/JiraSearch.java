package dev.hearth.atlassian;

import dev.hearth.api.UserContext;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * "Jira issues": an issue key ({@code ABC-123}, any case) opens that issue on whichever sites have it; other terms
 * search the issues' text ({@code text ~ "…"}, the term a JQL string literal that no quote or backslash can break),
 * newest first, on every Jira site at once. The cursor carries each site's own {@code nextPageToken}. A site that
 * fails is left out of the page as long as another answers.
 */
final class JiraSearch implements SearchProvider {

    private final Supplier<Clock> clock;

    JiraSearch(Supplier<Clock> clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "jira-issues";
    }

    @Override
    public String name() {
        return "search.jira";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public SearchResult search(UserContext user, SearchQuery query) {
        Atlassian atlassian = Atlassian.of(user, clock.get());
        List<Site> sites = atlassian.sites(Site.JIRA);
        if (query.cursor() == null && Jira.isKey(query.term())) {
            List<Atlassian.PerSite<Optional<Jira.Issue>>> found =
                    Atlassian.answered(Atlassian.across(sites, site -> Jira.byKey(atlassian, site, query.term())));
            List<SearchEntry> entries = found.stream()
                    .filter(f -> f.value().isPresent())
                    .map(f -> entry(f.site(), f.value().get()))
                    .toList();
            if (!entries.isEmpty()) {
                return new SearchResult(entries, null);
            }
        }
        Map<String, String> cursors = SiteCursor.read(query.cursor(), sites);
        List<Site> asked =
                sites.stream().filter(s -> cursors.containsKey(s.id())).toList();
        int share = SiteCursor.share(query.limit(), asked.size());
        String jql = "text ~ " + Jira.literal(query.term()) + " ORDER BY updated DESC";
        List<Atlassian.PerSite<Jira.Page>> pages = Atlassian.answered(Atlassian.across(
                asked, site -> Jira.search(atlassian, site, jql, share, cursors.get(site.id()), null)));
        record Hit(Site site, Jira.Issue issue) {}
        List<SearchEntry> entries = pages.stream()
                .flatMap(p -> p.value().issues().stream().map(i -> new Hit(p.site(), i)))
                .sorted(Comparator.comparing((Hit h) -> h.issue().updated() == null
                                ? Instant.EPOCH
                                : h.issue().updated())
                        .reversed())
                .map(h -> entry(h.site(), h.issue()))
                .toList();
        Map<String, String> more = new LinkedHashMap<>();
        pages.stream()
                .filter(p -> p.value().nextPageToken() != null)
                .forEach(p -> more.put(p.site().id(), p.value().nextPageToken()));
        return new SearchResult(entries, SiteCursor.write(more));
    }

    private static SearchEntry entry(Site site, Jira.Issue issue) {
        return SearchEntry.builder(issue.key() + " " + issue.summary())
                .subline(Stream.of(issue.status(), issue.project(), site.name())
                        .filter(s -> s != null && !s.isBlank())
                        .collect(Collectors.joining(" · ")))
                .link(issue.browse())
                .build();
    }
}
