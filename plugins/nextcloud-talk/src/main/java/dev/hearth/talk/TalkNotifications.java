package dev.hearth.talk;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.Poll;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Talk's notifications (mentions, messages in one-to-one and other notifying conversations, missed calls) from
 * Nextcloud's notifications API, which lists the user's current notifications of every app. The cursor is the
 * list's {@code ETag}: while nothing changed, Nextcloud answers {@code 304} without a body. Dismissing one in
 * Hearth deletes it in Nextcloud.
 */
final class TalkNotifications implements NotificationSource {

    private static final String TALK_APP = "spreed";

    private final Supplier<Duration> interval;

    TalkNotifications(Supplier<Duration> interval) {
        this.interval = interval;
    }

    @Override
    public String id() {
        return "talk";
    }

    @Override
    public Duration pollInterval() {
        return interval.get();
    }

    @Override
    public Poll poll(UserContext user, String cursor) {
        Response response = Nextcloud.api(user).notifications(cursor);
        try {
            if (response.getStatus() == 304) {
                return new Poll(List.of(), cursor);
            }
            if (response.getStatus() == 204) {
                return new Poll(List.of(), null);
            }
            List<Notification> talk = new ArrayList<>();
            JsonValue data = Ocs.data(response.readEntity(String.class));
            if (!(data instanceof JsonArray all)) {
                throw Ocs.notOcs(null);
            }
            for (JsonValue value : all) {
                if (value instanceof JsonObject n && TALK_APP.equals(n.getString("app", ""))) {
                    talk.add(notification(n));
                }
            }
            return new Poll(talk, response.getHeaderString("ETag"));
        } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "Nextcloud's notifications are not in the form its API documents",
                    e);
        } finally {
            response.close();
        }
    }

    private static Notification notification(JsonObject n) {
        String message = n.getString("message", "");
        return Notification.builder(
                        n.getJsonNumber("notification_id").toString(),
                        n.getString("subject"),
                        OffsetDateTime.parse(n.getString("datetime")).toInstant())
                .body(message.isBlank() ? null : message)
                .link(webLink(n.getString("link", "")))
                .actor(actor(n))
                .build();
    }

    /** Who caused it: the {@code user} of the rich subject, when there is one. */
    private static String actor(JsonObject n) {
        JsonValue parameters = n.get("subjectRichParameters");
        if (parameters instanceof JsonObject map && map.get("user") instanceof JsonObject user) {
            return user.getString("name", null);
        }
        return null;
    }

    /** Only http(s) links reach the browser. */
    private static URI webLink(String link) {
        try {
            URI uri = URI.create(link);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void markRead(UserContext user, String externalId) {
        long id;
        try {
            id = Long.parseLong(externalId);
        } catch (NumberFormatException e) {
            return;
        }
        Nextcloud.api(user).deleteNotification(id);
    }
}
