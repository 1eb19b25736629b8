package dev.hearth.atlassian;

import dev.hearth.api.notifications.Notification;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * What a change to an issue tells the user it concerns: "assigned to you" when it made them the assignee, else
 * "updated", with what changed; nothing when they made the change themselves. The same words and the same external
 * id ({@code <cloud id>:<issue id>:<update time>}) whether the change was polled or pushed by a webhook, so that
 * Hearth keeps one notification of it.
 */
final class JiraNotice {

    /** A changelog entry counts as the issue's latest change when it is this close to the issue's update time. */
    private static final Duration SAME_CHANGE = Duration.ofMinutes(1);

    private JiraNotice() {}

    /** One changed field, as Jira's changelog has it. */
    record Item(String field, String from, String to, String toId) {}

    /**
     * Who changed the issue and what: {@code actorId} null when not known (a comment, say, leaves no changelog
     * entry); {@code created} for a new issue.
     */
    record Change(String actorId, String actorName, List<Item> items, boolean created) {

        /** The change of a webhook delivery: its {@code user}, its {@code changelog.items} and its event. */
        static Change ofDelivery(JsonObject delivery) {
            JsonObject user = Bodies.child(delivery, "user");
            return new Change(
                    Bodies.text(user, "accountId"),
                    Bodies.text(user, "displayName"),
                    items(Bodies.child(delivery, "changelog")),
                    "jira:issue_created".equals(Bodies.text(delivery, "webhookEvent")));
        }

        /**
         * The change of a polled issue ({@code expand=changelog}): its newest changelog entry when that entry made
         * the latest update; else a change of which nobody knows who made it.
         */
        static Change ofIssue(JsonObject issue, Instant updated) {
            JsonObject newest = null;
            Instant newestTime = null;
            if (Bodies.child(issue, "changelog") != null
                    && Bodies.child(issue, "changelog").get("histories") instanceof JsonArray histories) {
                for (JsonValue value : histories) {
                    if (value instanceof JsonObject history) {
                        Instant created = Bodies.time(Bodies.text(history, "created"));
                        if (created != null && (newestTime == null || created.isAfter(newestTime))) {
                            newest = history;
                            newestTime = created;
                        }
                    }
                }
            }
            if (newest == null && updated != null) {
                JsonObject fields = Bodies.child(issue, "fields");
                Instant created = Bodies.time(Bodies.text(fields, "created"));
                JsonObject reporter = Bodies.child(fields, "reporter");
                boolean isNew = created == null || !created.plus(SAME_CHANGE).isBefore(updated);
                return isNew
                        ? new Change(
                                Bodies.text(reporter, "accountId"),
                                Bodies.text(reporter, "displayName"),
                                List.of(),
                                true)
                        : new Change(null, null, List.of(), false);
            }
            if (newest == null
                    || updated == null
                    || newestTime.plus(SAME_CHANGE).isBefore(updated)) {
                return new Change(null, null, List.of(), false);
            }
            JsonObject author = Bodies.child(newest, "author");
            return new Change(
                    Bodies.text(author, "accountId"), Bodies.text(author, "displayName"), items(newest), false);
        }

        private static List<Item> items(JsonObject entry) {
            List<Item> items = new ArrayList<>();
            if (entry != null && entry.get("items") instanceof JsonArray array) {
                for (JsonValue value : array) {
                    if (value instanceof JsonObject item && Bodies.text(item, "field") != null) {
                        items.add(new Item(
                                Bodies.text(item, "field"),
                                Bodies.text(item, "fromString"),
                                Bodies.text(item, "toString"),
                                Bodies.text(item, "to")));
                    }
                }
            }
            return items;
        }
    }

    /**
     * The notification for the user whose Atlassian account id is {@code me}, or empty when they made the change.
     *
     * @param text the plugin's texts: a key and its arguments
     */
    static Optional<Notification> of(
            Site site, Jira.Issue issue, Change change, String me, BiFunction<String, Object[], String> text) {
        if (issue.updated() == null || me.equals(change.actorId())) {
            return Optional.empty();
        }
        boolean assigned =
                change.items().stream().anyMatch(i -> "assignee".equalsIgnoreCase(i.field()) && me.equals(i.toId()))
                        || change.created() && me.equals(issue.assigneeId());
        String actor = change.actorName() == null || change.actorName().isBlank() ? null : change.actorName();
        String title;
        if (assigned) {
            title = actor == null
                    ? text.apply("notification.assignedAnonymous", new Object[] {issue.key(), issue.summary()})
                    : text.apply("notification.assigned", new Object[] {actor, issue.key(), issue.summary()});
        } else {
            title = actor == null
                    ? text.apply("notification.updatedAnonymous", new Object[] {issue.key(), issue.summary()})
                    : text.apply("notification.updated", new Object[] {actor, issue.key(), issue.summary()});
        }
        String changes = change.items().stream()
                .limit(3)
                .map(i -> text.apply(
                        "notification.change",
                        new Object[] {i.field(), i.from() == null ? "–" : i.from(), i.to() == null ? "–" : i.to()}))
                .collect(Collectors.joining("; "));
        return Optional.of(Notification.builder(
                        site.id() + ":" + issue.id() + ":" + issue.updated().toEpochMilli(), title, issue.updated())
                .body(changes.isEmpty() ? site.name() : changes + " · " + site.name())
                .link(issue.browse())
                .actor(actor)
                .build());
    }
}
