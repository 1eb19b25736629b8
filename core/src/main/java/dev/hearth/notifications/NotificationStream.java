package dev.hearth.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Live delivery: each user's open event streams on this instance get new notifications as they are stored. */
@ApplicationScoped
public class NotificationStream {

    private static final Logger LOGGER = Logger.getLogger(NotificationStream.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    private record Subscriber(SseEventSink sink, Sse sse) {}

    private final Map<Long, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

    /** Opens a stream: first an {@code unread} event with the count, then a {@code notification} event per new one. */
    public void subscribe(long accountId, SseEventSink sink, Sse sse, long unread) {
        Subscriber subscriber = new Subscriber(sink, sse);
        subscribers
                .computeIfAbsent(accountId, id -> ConcurrentHashMap.newKeySet())
                .add(subscriber);
        send(accountId, subscriber, "unread", "{\"unread\":" + unread + "}");
    }

    public void publish(long accountId, NotificationView notification) {
        Set<Subscriber> open = subscribers.get(accountId);
        if (open != null) {
            String json = JSON.toJson(notification);
            open.forEach(s -> send(accountId, s, "notification", json));
        }
    }

    /** The unread count changed other than by a new notification (some were read elsewhere). */
    public void unread(long accountId, long unread) {
        Set<Subscriber> open = subscribers.get(accountId);
        if (open != null) {
            open.forEach(s -> send(accountId, s, "unread", "{\"unread\":" + unread + "}"));
        }
    }

    private void send(long accountId, Subscriber subscriber, String event, String json) {
        synchronized (subscriber) {
            if (subscriber.sink().isClosed()) {
                forget(accountId, subscriber);
                return;
            }
            subscriber
                    .sink()
                    .send(subscriber
                            .sse()
                            .newEventBuilder()
                            .name(event)
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(String.class, json)
                            .build())
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            LOGGER.log(Level.FINE, "A notification stream closed", failure);
                            forget(accountId, subscriber);
                        }
                    });
        }
    }

    private void forget(long accountId, Subscriber subscriber) {
        Set<Subscriber> open = subscribers.get(accountId);
        if (open != null) {
            open.remove(subscriber);
        }
    }
}
