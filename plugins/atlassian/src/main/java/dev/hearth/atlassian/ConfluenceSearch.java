package dev.hearth.atlassian;

import dev.hearth.api.UserContext;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * "Confluence pages": pages and blog posts whose text matches, through Confluence's CQL search ({@code siteSearch ~
 * "…" AND type in (page, blogpost)}, the term a CQL string literal that no quote or backslash can break) on every
 * Confluence site at once. Each result shows its space and an excerpt, with Confluence's highlight markup taken
 * out (the dashboard shows text, never markup). The cursor carries each site's own {@code cursor} from its {@code
 * _links.next}.
 */
final class ConfluenceSearch implements SearchProvider {

    /** Confluence's highlight markers around matched words ({@code excerpt=highlight}, the default). */
    private static final Pattern HIGHLIGHT = Pattern.compile("@@@(end)?hl@@@");
    /** Markup an excerpt may carry besides: tags, which the entities below then decode as text. */
    private static final Pattern TAG = Pattern.compile("<[^>]{0,200}>");

    private final Supplier<Clock> clock;

    ConfluenceSearch(Supplier<Clock> clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "confluence-pages";
    }

    @Override
    public String name() {
        return "search.confluence";
    }

    @Override
    public int order() {
        return 31;
    }

    /** One result, with the time that orders it among the sites'. */
    private record Hit(SearchEntry entry, Instant modified) {}

    /** One site's page: its hits and its cursor for the next. */
    private record Page(List<Hit> hits, String cursor) {}

    @Override
    public SearchResult search(UserContext user, SearchQuery query) {
        Atlassian atlassian = Atlassian.of(user, clock.get());
        List<Site> sites = atlassian.sites(Site.CONFLUENCE);
        Map<String, String> cursors = SiteCursor.read(query.cursor(), sites);
        List<Site> asked =
                sites.stream().filter(s -> cursors.containsKey(s.id())).toList();
        int share = SiteCursor.share(query.limit(), asked.size());
        String cql = "siteSearch ~ " + Jira.literal(query.term()) + " AND type in (page, blogpost)";
        List<Atlassian.PerSite<Page>> pages = Atlassian.answered(Atlassian.across(
                asked,
                site -> page(
                        site,
                        Bodies.object(
                                atlassian.call(g -> g.confluenceSearch(site.id(), cql, share, cursors.get(site.id()))),
                                "the Confluence search of " + site.name()))));
        List<SearchEntry> entries = pages.stream()
                .flatMap(p -> p.value().hits().stream())
                .sorted(Comparator.comparing((Hit h) -> h.modified() == null ? Instant.EPOCH : h.modified())
                        .reversed())
                .map(Hit::entry)
                .toList();
        Map<String, String> more = new LinkedHashMap<>();
        pages.stream()
                .filter(p -> p.value().cursor() != null)
                .forEach(p -> more.put(p.site().id(), p.value().cursor()));
        return new SearchResult(entries, SiteCursor.write(more));
    }

    private static Page page(Site site, JsonObject answer) {
        if (!(answer.get("results") instanceof JsonArray results)) {
            throw Bodies.notAtlassian("the Confluence search of " + site.name(), "no results");
        }
        JsonObject links = Bodies.child(answer, "_links");
        String base = Bodies.text(links, "base");
        List<Hit> hits = new ArrayList<>();
        for (JsonValue value : results) {
            if (!(value instanceof JsonObject result)) {
                continue;
            }
            JsonObject content = Bodies.child(result, "content");
            String title = text(
                    Bodies.text(result, "title") != null
                            ? Bodies.text(result, "title")
                            : Bodies.text(content, "title"));
            if (title == null || title.isBlank()) {
                continue;
            }
            String space = Bodies.text(Bodies.child(result, "resultGlobalContainer"), "title");
            String excerpt = text(Bodies.text(result, "excerpt"));
            hits.add(new Hit(
                    SearchEntry.builder(title)
                            .subline(Stream.of(space, excerpt, site.name())
                                    .filter(s -> s != null && !s.isBlank())
                                    .collect(Collectors.joining(" · ")))
                            .link(link(site, base, Bodies.text(result, "url")))
                            .build(),
                    Bodies.time(Bodies.text(result, "lastModified"))));
        }
        return new Page(hits, cursor(Bodies.text(links, "next")));
    }

    /** {@code _links.base} + the result's relative {@code url}; the base must be on the site (else the site). */
    private static URI link(Site site, String base, String url) {
        if (url == null || !url.startsWith("/")) {
            return site.link("/wiki");
        }
        URI root = Bodies.url(base)
                .filter(b -> site.url().getHost().equalsIgnoreCase(b.getHost()))
                .orElse(site.link("/wiki"));
        return Bodies.url(Site.under(root, url).toString()).orElse(site.link("/wiki"));
    }

    /** The {@code cursor} parameter of {@code _links.next} (relative to {@code _links.base}), or null. */
    static String cursor(String next) {
        if (next == null) {
            return null;
        }
        int query = next.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String parameter : next.substring(query + 1).split("&")) {
            if (parameter.startsWith("cursor=")) {
                return URLDecoder.decode(parameter.substring("cursor=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Confluence's text with its highlight markers, tags and common entities turned into plain text. */
    static String text(String marked) {
        if (marked == null) {
            return null;
        }
        String plain = TAG.matcher(HIGHLIGHT.matcher(marked).replaceAll("")).replaceAll("");
        plain = plain.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&");
        return plain.replaceAll("\\s+", " ").strip();
    }
}
