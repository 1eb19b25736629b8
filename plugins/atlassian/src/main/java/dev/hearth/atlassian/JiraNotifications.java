package dev.hearth.atlassian;

import dev.hearth.api.UserContext;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.Poll;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Jira notifications, polled: on each Jira site, the issues the user is assigned, reports or watches that were
 * updated since the last poll, and what each update tells them ({@link JiraNotice}): assigned to them, or changed by
 * someone else. The first poll of a site only marks where to start. JQL compares dates in the user's Jira time zone
 * to the minute, so each poll looks back one minute more than it needs and the external ids (issue and update time)
 * drop what it sees twice; Jira's search is eventually consistent, which the minute covers too. Where the
 * administrator turned webhooks on, each poll also keeps the user's Jira webhooks registered ({@link JiraWebhooks}),
 * which bring the same notifications at once.
 */
final class JiraNotifications implements NotificationSource {

    static final String ID = "jira";

    static final String CONCERNING =
            "(assignee = currentUser() OR reporter = currentUser() OR watcher = currentUser())";
    /** Issues read per page, and pages per site and poll at most. */
    static final int PAGE = 50;

    static final int PAGES = 4;
    /** How far each poll looks back beyond the last one. */
    static final Duration OVERLAP = Duration.ofMinutes(1);

    private static final DateTimeFormatter JQL_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final Supplier<Clock> clock;
    private final Supplier<Duration> interval;
    private final JiraWebhooks webhooks;

    JiraNotifications(Supplier<Clock> clock, Supplier<Duration> interval, JiraWebhooks webhooks) {
        this.clock = clock;
        this.interval = interval;
        this.webhooks = webhooks;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Duration pollInterval() {
        return interval.get();
    }

    /** What one site gave: its notifications and where its next poll starts. */
    private record SitePoll(List<Notification> notifications, Instant since) {}

    @Override
    public Poll poll(UserContext user, String cursor) {
        Atlassian atlassian = Atlassian.of(user, clock.get());
        String me = Atlassian.connection(user).account().id();
        Map<String, Instant> since = read(cursor);
        Instant now = atlassian.clock().instant();
        List<Site> sites = atlassian.sites(Site.JIRA);
        Map<String, ZoneId> zones = zones(atlassian, sites);
        List<Atlassian.PerSite<SitePoll>> polled = Atlassian.answered(Atlassian.across(sites, site -> {
            Instant from = since.get(site.id());
            return from == null
                    ? new SitePoll(List.of(), now)
                    : poll(atlassian, site, me, from, zones.getOrDefault(site.id(), ZoneOffset.UTC));
        }));
        webhooks.maintain(atlassian, sites, me);
        List<Notification> notifications = new ArrayList<>();
        Map<String, Instant> next = new LinkedHashMap<>();
        for (Site site : sites) {
            if (since.containsKey(site.id())) {
                next.put(site.id(), since.get(site.id())); // kept for a site that failed this time
            }
        }
        for (Atlassian.PerSite<SitePoll> one : polled) {
            notifications.addAll(one.value().notifications());
            next.put(one.site().id(), one.value().since());
        }
        return new Poll(notifications, write(next));
    }

    private SitePoll poll(Atlassian atlassian, Site site, String me, Instant from, ZoneId zone) {
        String jql = CONCERNING + " AND updated >= \""
                + JQL_DATE.format(from.minus(OVERLAP).atZone(zone)) + "\" ORDER BY updated ASC";
        List<Notification> notifications = new ArrayList<>();
        Instant newest = from;
        String token = null;
        for (int page = 0; page < PAGES; page++) {
            Jira.Page answer = Jira.search(atlassian, site, jql, PAGE, token, "changelog");
            for (int i = 0; i < answer.issues().size(); i++) {
                Jira.Issue issue = answer.issues().get(i);
                if (issue.updated() == null) {
                    continue;
                }
                JiraNotice.of(
                                site,
                                issue,
                                JiraNotice.Change.ofIssue(answer.raw().get(i), issue.updated()),
                                me,
                                (key, args) -> atlassian.user().message(key, args))
                        .ifPresent(notifications::add);
                if (issue.updated().isAfter(newest)) {
                    newest = issue.updated();
                }
            }
            token = answer.nextPageToken();
            if (token == null) {
                break;
            }
        }
        return new SitePoll(notifications, newest);
    }

    /**
     * The user's time zone on each site (Jira's {@code myself}), kept in the user's store (read and written on the
     * calling thread); the sites not known yet are asked at once. UTC where unknown or unreadable.
     */
    private static Map<String, ZoneId> zones(Atlassian atlassian, List<Site> sites) {
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        List<Site> unknown = new ArrayList<>();
        for (Site site : sites) {
            atlassian
                    .user()
                    .store()
                    .get("zone:" + site.id())
                    .ifPresentOrElse(zone -> zones.put(site.id(), zone(zone)), () -> unknown.add(site));
        }
        for (Atlassian.PerSite<String> asked : Atlassian.across(
                unknown,
                site -> Bodies.text(Bodies.object(atlassian.call(g -> g.myself(site.id())), "myself"), "timeZone"))) {
            if (asked.failure() == null) {
                String zone = asked.value() == null ? "UTC" : asked.value();
                atlassian.user().store().put("zone:" + asked.site().id(), zone);
                zones.put(asked.site().id(), zone(zone));
            }
        }
        return zones;
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static Map<String, Instant> read(String cursor) {
        Map<String, Instant> since = new LinkedHashMap<>();
        if (cursor == null) {
            return since;
        }
        try {
            JsonObject json = Bodies.object(cursor, "cursor");
            json.forEach((site, value) -> {
                Instant time = value instanceof jakarta.json.JsonString s ? Bodies.time(s.getString()) : null;
                if (time != null) {
                    since.put(site, time.truncatedTo(ChronoUnit.MILLIS));
                }
            });
        } catch (RuntimeException e) {
            // an unreadable cursor starts over, as the first poll does
        }
        return since;
    }

    private static String write(Map<String, Instant> since) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        since.forEach((site, time) -> json.add(site, time.toString()));
        return json.build().toString();
    }
}
