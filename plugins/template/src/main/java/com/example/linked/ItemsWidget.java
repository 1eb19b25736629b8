package com.example.linked;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The user's items, newest first as the service lists them, with their unread counts. Hearth calls
 * {@link #load(UserContext)} only for connected users, caches the answer for the reload interval, and shows a
 * "Connect" or "Reconnect" state itself.
 */
final class ItemsWidget implements DashboardWidget {

    @Override
    public String id() {
        return "items";
    }

    @Override
    public String title() {
        return "widget.title";
    }

    @Override
    public Duration reloadInterval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public WidgetContent load(UserContext user) {
        ConnectedAccount account = user.connection().orElseThrow();
        List<LinkedApi.Item> items =
                user.http().create(LinkedApi.class, account.instanceUrl()).items();
        return WidgetContent.builder(items.stream()
                        .map(item -> WidgetItem.builder(item.id(), item.title())
                                .subtitle(user.message(
                                        "widget.for", account.account().displayName()))
                                .link(URI.create(account.instanceUrl() + "/items/" + item.id()))
                                .timestamp(Instant.parse(item.updated()))
                                .badge(item.unread())
                                .build())
                        .toList())
                .totalBadge(items.stream().mapToInt(LinkedApi.Item::unread).sum())
                .emptyText(user.message("widget.empty"))
                .build();
    }
}
