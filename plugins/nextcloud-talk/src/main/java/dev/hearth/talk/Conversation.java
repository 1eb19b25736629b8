package dev.hearth.talk;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One Talk conversation of the user, as far as Hearth shows it.
 *
 * @param token the conversation's token (its address in links)
 * @param type 1 one-to-one, 2 group, 3 public, 4 changelog, 5 former one-to-one, 6 note to self
 * @param displayName the name the user sees
 * @param unreadMessages the user's unread messages in it
 * @param unreadMention whether one of them mentions the user
 * @param lastActivity when something last happened, in Unix seconds
 * @param lastMessage the last message, or {@code null} when there is none or the conversation is sensitive
 */
record Conversation(
        String token,
        int type,
        String displayName,
        int unreadMessages,
        boolean unreadMention,
        long lastActivity,
        Message lastMessage) {

    /** Talk's changelog conversation ("Talk updates"), which Hearth leaves out. */
    static final int CHANGELOG = 4;

    /** Newest activity first; the token breaks ties, so the order is stable. */
    static final Comparator<Conversation> LATEST_FIRST =
            Comparator.comparingLong(Conversation::lastActivity).reversed().thenComparing(Conversation::token);

    /** The line under the conversation's name, as {@link Message#preview} writes it; {@code null} without one. */
    String preview(UserContext user, String selfUserId) {
        return lastMessage == null ? null : lastMessage.preview(user, selfUserId);
    }

    /**
     * The last message in plain text.
     *
     * @param author who wrote it, as Talk names them
     * @param authorUserId the author's Nextcloud user id, or {@code null} when not a user (guest, bot...)
     * @param text the message with its placeholders filled in
     * @param kind whether it is a comment, a system message ("Carol added Bob", reads without an author) or a
     *     deleted comment
     * @param timestamp when, in Unix seconds
     */
    record Message(String author, String authorUserId, String text, Kind kind, long timestamp) {

        enum Kind {
            COMMENT,
            SYSTEM,
            DELETED
        }

        /** The line under the conversation's name: "Author: text", "You: text", or a system message as it is. */
        String preview(UserContext user, String selfUserId) {
            String who = authorUserId != null && authorUserId.equals(selfUserId) ? user.message("preview.you") : author;
            return switch (kind) {
                case SYSTEM -> text;
                case DELETED -> who + ": " + user.message("preview.deleted");
                case COMMENT -> who.isBlank() ? text : who + ": " + text;
            };
        }
    }

    /** The conversations of a v4 room list's {@code data}, changelog ones left out. */
    static List<Conversation> listOf(JsonValue data) {
        if (!(data instanceof JsonArray rooms)) {
            throw Ocs.notOcs(null);
        }
        List<Conversation> conversations = new ArrayList<>();
        try {
            for (JsonValue value : rooms) {
                JsonObject room = value.asJsonObject();
                int type = room.getInt("type");
                if (type == CHANGELOG) {
                    continue;
                }
                boolean sensitive = room.getBoolean("isSensitive", false);
                conversations.add(new Conversation(
                        room.getString("token"),
                        type,
                        room.getString("displayName", room.getString("name", "")),
                        room.getInt("unreadMessages", 0),
                        room.getBoolean("unreadMention", false),
                        number(room, "lastActivity"),
                        sensitive ? null : message(room.get("lastMessage"))));
            }
        } catch (ClassCastException | NullPointerException | NumberFormatException e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "Nextcloud's conversation list is not in the form Talk documents",
                    e);
        }
        conversations.sort(LATEST_FIRST);
        return List.copyOf(conversations);
    }

    /** The sum of unread messages over the conversations. */
    static int totalUnread(List<Conversation> conversations) {
        return conversations.stream().mapToInt(Conversation::unreadMessages).sum();
    }

    /** PHP encodes "no last message" as an empty array. */
    private static Message message(JsonValue value) {
        if (!(value instanceof JsonObject message) || !message.containsKey("message")) {
            return null;
        }
        Message.Kind kind =
                switch (message.getString("messageType", "comment")) {
                    case "system" -> Message.Kind.SYSTEM;
                    case "comment_deleted" -> Message.Kind.DELETED;
                    default -> Message.Kind.COMMENT;
                };
        JsonValue parameters = message.get("messageParameters");
        String text = MessageText.render(
                message.getString("message", ""),
                parameters instanceof JsonObject map ? map : JsonValue.EMPTY_JSON_OBJECT,
                kind == Message.Kind.SYSTEM);
        String userId = "users".equals(message.getString("actorType", "")) ? message.getString("actorId", null) : null;
        return new Message(author(message), userId, text, kind, number(message, "timestamp"));
    }

    private static String author(JsonObject message) {
        String name = message.getString("actorDisplayName", "");
        if (!name.isBlank()) {
            return name;
        }
        return switch (message.getString("actorType", "")) {
            case "guests", "emails" -> "Guest";
            case "deleted_users" -> "Deleted user";
            default -> message.getString("actorId", "");
        };
    }

    private static long number(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value instanceof JsonNumber number) {
            return number.longValue();
        }
        if (value instanceof JsonString text) {
            return Long.parseLong(text.getString());
        }
        return 0;
    }
}
