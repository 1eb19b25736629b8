package com.example.linked;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.Poll;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The user's activity, polled by Hearth in the background for every connected user; Hearth keeps one notification
 * per external id, so answering the whole list again adds nothing twice. Dismissing one in Hearth marks it read
 * here.
 */
final class ActivityNotifications implements NotificationSource {

    @Override
    public String id() {
        return "activity";
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofSeconds(1); // a real service: a minute or more; Hearth's administrator sets the minimum
    }

    @Override
    public Poll poll(UserContext user, String cursor) {
        ConnectedAccount account = user.connection().orElseThrow();
        LinkedApi.Feed feed =
                user.http().create(LinkedApi.class, account.instanceUrl()).notifications(cursor);
        return new Poll(
                feed.items().stream()
                        .map(note -> Notification.builder(note.id(), note.title(), Instant.parse(note.time()))
                                .body(note.body())
                                .link(URI.create(account.instanceUrl() + "/n/" + note.id()))
                                .actor(note.actor())
                                .build())
                        .toList(),
                feed.next());
    }

    @Override
    public void markRead(UserContext user, String externalId) {
        user.http()
                .create(LinkedApi.class, user.connection().orElseThrow().instanceUrl())
                .read(externalId);
    }
}
