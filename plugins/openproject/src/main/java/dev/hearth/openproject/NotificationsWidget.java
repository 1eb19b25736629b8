package dev.hearth.openproject;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WidgetButton;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "OpenProject": the user's unread in-app notifications, all pages of them, grouped by work package as OpenProject's
 * own notification centre and Nextcloud's widget do. One row per work package: {@code #id subject}, the project and
 * the reasons in words, the number of unread notifications as its badge, the time of the newest, and a link to the
 * work package's activity; newest first. The header's badge is the unread total. Reloads every minute.
 */
final class NotificationsWidget implements DashboardWidget {

    static final int SHOWN = 10;

    @Override
    public String id() {
        return "notifications";
    }

    @Override
    public String title() {
        return "widget.title";
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public Duration reloadInterval() {
        return Duration.ofSeconds(60);
    }

    /** The notifications of one work package. */
    record Group(InAppNotification newest, List<InAppNotification> notifications) {}

    @Override
    public WidgetContent load(UserContext user) {
        ConnectedAccount connection = OpenProject.connection(user);
        OpenProject.Unread unread = OpenProject.unread(user);
        List<WidgetItem> items = groups(unread.notifications()).stream()
                .limit(SHOWN)
                .map(g -> WidgetItem.builder(
                                "wp-" + g.newest().workPackageId(), g.newest().workPackage())
                        .subtitle(subtitle(user, g))
                        .link(OpenProject.activity(
                                connection.instanceUrl(),
                                g.newest().projectId(),
                                g.newest().workPackageId()))
                        .timestamp(g.newest().createdAt())
                        .badge(g.notifications().size())
                        .build())
                .toList();
        return WidgetContent.builder(items)
                .totalBadge(Math.max(unread.total(), unread.notifications().size()))
                .emptyText(user.message("widget.empty"))
                .button(new WidgetButton(
                        "notifications",
                        user.message("widget.open"),
                        OpenProject.link(connection.instanceUrl(), "notifications")))
                .build();
    }

    /** By work package, the one with the newest notification first. */
    static List<Group> groups(List<InAppNotification> notifications) {
        Map<Long, List<InAppNotification>> byWorkPackage = new LinkedHashMap<>();
        for (InAppNotification n : notifications) {
            byWorkPackage
                    .computeIfAbsent(n.workPackageId(), k -> new ArrayList<>())
                    .add(n);
        }
        return byWorkPackage.values().stream()
                .map(list -> new Group(
                        list.stream()
                                .max(Comparator.comparing(InAppNotification::createdAt))
                                .orElseThrow(),
                        list))
                .sorted(Comparator.comparing((Group g) -> g.newest().createdAt())
                        .reversed())
                .toList();
    }

    private static String subtitle(UserContext user, Group group) {
        String reasons = Reasons.words(
                user,
                group.notifications().stream().map(InAppNotification::reason).toList());
        String project = group.newest().project();
        return project.isBlank() ? reasons : project + " · " + reasons;
    }
}
