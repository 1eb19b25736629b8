package dev.hearth.talk;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WidgetButton;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * "Nextcloud Talk": the three conversations with the latest activity (changelog left out), each with its unread
 * count and a preview of its last message, the unread total over all conversations as the header's badge, and a
 * link into Talk. Reloads every 30 seconds, as Talk's own dashboard widget does.
 */
final class RecentChatsWidget implements DashboardWidget {

    static final int SHOWN = 3;

    @Override
    public String id() {
        return "recent-chats";
    }

    @Override
    public String title() {
        return "widget.title";
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Duration reloadInterval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public WidgetContent load(UserContext user) {
        ConnectedAccount connection = Nextcloud.connection(user);
        List<Conversation> conversations = Nextcloud.conversations(user);
        List<WidgetItem> items = conversations.stream()
                .limit(SHOWN)
                .map(c -> WidgetItem.builder(c.token(), c.displayName())
                        .subtitle(c.preview(user, connection.account().id()))
                        .link(Nextcloud.conversationLink(connection.instanceUrl(), c.token()))
                        .timestamp(Instant.ofEpochSecond(c.lastActivity()))
                        .badge(c.unreadMessages())
                        .build())
                .toList();
        return WidgetContent.builder(items)
                .totalBadge(Conversation.totalUnread(conversations))
                .emptyText(user.message("widget.empty"))
                .button(new WidgetButton(
                        "more",
                        user.message("widget.open-talk"),
                        Nextcloud.link(connection.instanceUrl(), "apps/spreed/")))
                .build();
    }
}
