package dev.hearth.atlassian;

import dev.hearth.api.UserContext;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.ItemStatus;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * "Jira": the user's open issues across every Jira site of their grant, the sites asked at once and the answers
 * merged by last update. Each row: {@code KEY summary}, the status coloured by its category, the priority and the
 * site, the time of the last update, a link to the issue. A site that fails shows as a row of its own saying so;
 * the others' issues still show. Reloads every minute.
 */
final class JiraWidget implements DashboardWidget {

    /** Issues shown, and asked of each site. */
    static final int SHOWN = 10;

    static final String OPEN_ISSUES = "assignee = currentUser() AND statusCategory != Done ORDER BY updated DESC";

    private final Supplier<Clock> clock;

    JiraWidget(Supplier<Clock> clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "jira";
    }

    @Override
    public String title() {
        return "widget.title";
    }

    @Override
    public int order() {
        return 3;
    }

    @Override
    public Duration reloadInterval() {
        return Duration.ofSeconds(60);
    }

    @Override
    public WidgetContent load(UserContext user) {
        Atlassian atlassian = Atlassian.of(user, clock.get());
        List<Site> sites = atlassian.sites(Site.JIRA);
        List<Atlassian.PerSite<Jira.Page>> answers =
                Atlassian.across(sites, site -> Jira.search(atlassian, site, OPEN_ISSUES, SHOWN, null, null));
        List<Atlassian.PerSite<Jira.Page>> failed =
                answers.stream().filter(a -> a.failure() != null).toList();
        if (!sites.isEmpty() && failed.size() == sites.size()) {
            throw failed.get(0).failure(); // nothing to show: the widget's own error state says it best
        }
        record Row(Site site, Jira.Issue issue) {}
        List<WidgetItem> items = new ArrayList<>();
        failed.forEach(f -> items.add(WidgetItem.builder(
                        "failed-" + f.site().id(),
                        user.message("widget.siteFailed", f.site().name()))
                .subtitle(f.failure().getMessage())
                .status(new ItemStatus(user.message("widget.error"), ItemStatus.Tone.ATTENTION))
                .link(f.site().link("/jira"))
                .build()));
        answers.stream()
                .filter(a -> a.value() != null)
                .flatMap(a -> a.value().issues().stream().map(i -> new Row(a.site(), i)))
                .sorted(Comparator.comparing((Row r) -> r.issue().updated() == null
                                ? Instant.EPOCH
                                : r.issue().updated())
                        .reversed())
                .limit(SHOWN)
                .forEach(r -> items.add(WidgetItem.builder(
                                r.site().id() + ":" + r.issue().key(),
                                r.issue().key() + " " + r.issue().summary())
                        .subtitle(Stream.of(r.issue().priority(), r.site().name())
                                .filter(s -> s != null && !s.isBlank())
                                .collect(Collectors.joining(" · ")))
                        .status(r.issue().itemStatus())
                        .timestamp(r.issue().updated())
                        .link(r.issue().browse())
                        .build()));
        WidgetContent.Builder content = WidgetContent.builder(items)
                .emptyText(user.message(sites.isEmpty() ? "widget.noSites" : "widget.empty"));
        boolean complete =
                failed.isEmpty() && answers.stream().allMatch(a -> a.value().nextPageToken() == null);
        if (complete) {
            content.totalBadge(
                    answers.stream().mapToInt(a -> a.value().issues().size()).sum());
        }
        return content.build();
    }
}
