package dev.hearth.notifications;

import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.Received;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live delivery: each user's open event streams get new notifications as they are stored, on whichever instance of
 * the cluster they are open (what is published here reaches the other instances as {@link Pushed}). A user
 * has at most {@value #PER_ACCOUNT} streams (a new one ends the oldest); {@link #sweep} ends the streams whose token
 * has expired or whose session has ended, and keeps the others alive with a comment. A stream that ends sends an
 * {@code end} event with the reason first, so that the page does not open it again.
 */
@ApplicationScoped
public class NotificationStream {

    /** Open streams per user on this instance: a few tabs and devices. */
    public static final int PER_ACCOUNT = 5;

    private static final Logger LOGGER = Logger.getLogger(NotificationStream.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    /** Whose stream it is: the token that opened it, to check its session again later. */
    public record Session(String jti, long sessionVersion, Instant expiresAt) {}

    private record Subscriber(SseEventSink sink, Sse sse, Session session) {}

    private final Map<Long, Deque<Subscriber>> subscribers = new ConcurrentHashMap<>();

    /** An event for a user's streams, published on one instance of the cluster, for the streams open on the others. */
    public record Pushed(long accountId, String event, String data) implements ClusterEvent {}

    @Inject
    Event<Pushed> pushed;

    /** Opens a stream: first an {@code unread} event with the count, then a {@code notification} event per new one. */
    public void subscribe(long accountId, SseEventSink sink, Sse sse, long unread, Session session) {
        Subscriber subscriber = new Subscriber(sink, sse, session);
        Deque<Subscriber> open = subscribers.computeIfAbsent(accountId, id -> new ConcurrentLinkedDeque<>());
        open.addLast(subscriber);
        while (open.size() > PER_ACCOUNT) {
            Subscriber oldest = open.pollFirst();
            if (oldest != null) {
                end(accountId, oldest, "too_many_streams");
            }
        }
        send(accountId, subscriber, "unread", "{\"unread\":" + unread + "}");
    }

    public void publish(long accountId, NotificationView notification) {
        push(new Pushed(accountId, "notification", JSON.toJson(notification)));
    }

    /** The unread count changed other than by a new notification (some were read elsewhere). */
    public void unread(long accountId, long unread) {
        push(new Pushed(accountId, "unread", "{\"unread\":" + unread + "}"));
    }

    private void push(Pushed event) {
        deliver(event);
        pushed.fire(event);
    }

    void pushedElsewhere(@Observes @Received Pushed event) {
        if (event.event().equals("notification") || event.event().equals("unread")) {
            deliver(event);
        }
    }

    private void deliver(Pushed event) {
        Deque<Subscriber> open = subscribers.get(event.accountId());
        if (open != null) {
            open.forEach(s -> send(event.accountId(), s, event.event(), event.data()));
        }
    }

    /**
     * Ends the streams whose token has expired, and, when asked to check sessions, those whose session has ended
     * (signed out, role or password changed, account disabled or deleted); sends the others a keep-alive comment.
     *
     * @param alive whether a stream's session is still alive, by account and session; {@code null} to skip the check
     */
    public void sweep(Instant now, SessionCheck alive) {
        subscribers.forEach((accountId, open) -> open.forEach(s -> {
            if (!now.isBefore(s.session().expiresAt())) {
                end(accountId, s, "session_expired");
            } else if (alive != null && !alive.test(accountId, s.session())) {
                end(accountId, s, "session_ended");
            } else if (alive != null) {
                send(
                        accountId,
                        s,
                        s.sse().newEventBuilder().comment("keep-alive").build());
            }
        }));
        subscribers.values().removeIf(Deque::isEmpty);
    }

    /**
     * Ends every stream on this instance because it stops: a {@code reconnect} event with a reconnection delay, and
     * no {@code end} event, so that each page opens its stream again, on another instance.
     */
    public void endAll(Duration retry) {
        subscribers.forEach((accountId, open) -> open.forEach(s -> {
            send(
                    accountId,
                    s,
                    s.sse()
                            .newEventBuilder()
                            .name("reconnect") // with data: Jersey writes the retry field only with data
                            .reconnectDelay(retry.toMillis())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(String.class, "{\"reason\":\"server_stopping\"}")
                            .build());
            forget(accountId, s);
            try {
                s.sink().close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "A notification stream was closed already", e);
            }
        }));
    }

    /** Whether a stream's session is alive. */
    @FunctionalInterface
    public interface SessionCheck {
        boolean test(long accountId, Session session);
    }

    private void end(long accountId, Subscriber subscriber, String reason) {
        send(accountId, subscriber, "end", "{\"reason\":\"" + reason + "\"}");
        forget(accountId, subscriber);
        try {
            subscriber.sink().close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "A notification stream was closed already", e);
        }
    }

    private void send(long accountId, Subscriber subscriber, String event, String json) {
        send(
                accountId,
                subscriber,
                subscriber
                        .sse()
                        .newEventBuilder()
                        .name(event)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, json)
                        .build());
    }

    private void send(long accountId, Subscriber subscriber, OutboundSseEvent event) {
        synchronized (subscriber) {
            if (subscriber.sink().isClosed()) {
                forget(accountId, subscriber);
                return;
            }
            subscriber.sink().send(event).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOGGER.log(Level.FINE, "A notification stream closed", failure);
                    forget(accountId, subscriber);
                }
            });
        }
    }

    private void forget(long accountId, Subscriber subscriber) {
        Deque<Subscriber> open = subscribers.get(accountId);
        if (open != null) {
            open.remove(subscriber);
        }
    }
}
