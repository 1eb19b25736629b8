package dev.hearth.openproject;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.Poll;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * OpenProject's unread in-app notifications as Hearth notifications, one per OpenProject notification (its id is the
 * external id, so each arrives once): the title says who did what to which work package, the body names the project,
 * the link opens the work package's activity. Each poll lists every unread one, so that those read in OpenProject are
 * marked read in Hearth too; reading or dismissing one in Hearth marks it read in OpenProject, and "mark all read"
 * marks them read in one request per hundred.
 */
final class OpenProjectNotifications implements NotificationSource {

    private static final int READ_PER_REQUEST = 100;

    private final Supplier<Duration> interval;

    OpenProjectNotifications(Supplier<Duration> interval) {
        this.interval = interval;
    }

    @Override
    public String id() {
        return "notifications";
    }

    @Override
    public Duration pollInterval() {
        return interval.get();
    }

    @Override
    public Poll poll(UserContext user, String cursor) {
        ConnectedAccount connection = OpenProject.connection(user);
        OpenProject.Unread unread = OpenProject.unread(user);
        List<Notification> notifications = unread.notifications().stream()
                .map(n -> Notification.builder(n.id(), title(user, n), n.createdAt())
                        .body(n.project().isBlank() ? null : n.project())
                        .link(OpenProject.activity(connection.instanceUrl(), n.projectId(), n.workPackageId()))
                        .actor(n.actor())
                        .build())
                .toList();
        return unread.complete() ? Poll.allUnread(notifications) : new Poll(notifications, null);
    }

    /** "Jane Doe mentioned you in #77 Subject"; "Date alert: #77 Subject" for those without an actor. */
    static String title(UserContext user, InAppNotification n) {
        String actor = n.actor() == null ? user.message("actor.someone") : n.actor();
        String key = Reasons.KNOWN.contains(n.reason()) ? "notification." + n.reason() : "notification.other";
        return user.message(key, actor, n.workPackage());
    }

    @Override
    public void markRead(UserContext user, String externalId) {
        OpenProject.api(user).read(externalId);
    }

    @Override
    public void markAllRead(UserContext user, List<String> externalIds) {
        OpenProjectApi api = OpenProject.api(user);
        for (int from = 0; from < externalIds.size(); from += READ_PER_REQUEST) {
            List<String> ids = externalIds.subList(from, Math.min(externalIds.size(), from + READ_PER_REQUEST));
            api.readAll(Hal.filter("id", "=", ids));
        }
    }
}
