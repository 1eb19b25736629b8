package dev.hearth.talk;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.endpoints.PluginEndpoint;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/plugins/nextcloud-talk/rooms}: the recent conversations in the shape of the Talk widget's
 * design ({@code {success, data: {totalUnread, conversations: [...]}}}), for clients that draw their own widget.
 * {@code ?limit=} (1 to 50, default 3) says how many conversations.
 */
final class RoomsEndpoint implements PluginEndpoint {

    public record Answer(boolean success, Rooms data) {}

    public record Rooms(int totalUnread, List<Room> conversations) {}

    public record Room(
            String token,
            String displayName,
            int unreadMessages,
            long lastActivity,
            LastMessage lastMessage,
            int type,
            String url) {}

    public record LastMessage(String text, String author, long timestamp) {}

    @Override
    public String path() {
        return "rooms";
    }

    @Override
    public Object get(UserContext user, Map<String, List<String>> query) {
        if (user.connection().isEmpty()) {
            throw new EndpointProblem(
                    401,
                    "nextcloud_not_connected",
                    "Connect your Nextcloud account first (Settings → Connected accounts).");
        }
        int limit = limit(query.getOrDefault("limit", List.of()));
        ConnectedAccount connection = user.connection().get();
        List<Conversation> conversations = Nextcloud.conversations(user);
        List<Room> rooms = conversations.stream()
                .limit(limit)
                .map(c -> new Room(
                        c.token(),
                        c.displayName(),
                        c.unreadMessages(),
                        c.lastActivity(),
                        c.lastMessage() == null
                                ? null
                                : new LastMessage(
                                        c.lastMessage().text(),
                                        c.lastMessage().author(),
                                        c.lastMessage().timestamp()),
                        c.type(),
                        Nextcloud.conversationLink(connection.instanceUrl(), c.token())
                                .toString()))
                .toList();
        return new Answer(true, new Rooms(Conversation.totalUnread(conversations), rooms));
    }

    private static int limit(List<String> values) {
        if (values.isEmpty()) {
            return RecentChatsWidget.SHOWN;
        }
        try {
            int limit = Integer.parseInt(values.get(0));
            if (limit >= 1 && limit <= 50) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new EndpointProblem(400, "validation_failed", "limit: a whole number from 1 to 50");
    }
}
