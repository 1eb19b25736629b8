package dev.hearth.notifications;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.Poll;
import dev.hearth.connections.Connections;
import dev.hearth.connections.UserCall;
import dev.hearth.metrics.HearthMetrics;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.security.Sessions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The background job that polls every notification source for every connected user when due. Only the holder
 * of the {@code notification-poller} lease polls, so instances sharing a database poll once between them; a
 * bounded number of polls run at a time; a failing source only delays its own next poll.
 */
@Startup
@Singleton
@DependsOn("PluginRegistry")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class NotificationPoller {

    private static final Logger LOGGER = Logger.getLogger(NotificationPoller.class.getName());
    static final String LEASE = "notification-poller";
    private static final int BATCH = 1000;
    /** A bound on one round, so that the next round (and the streams' sweep) comes even if polls keep failing. */
    private static final int BATCHES_PER_ROUND = 20;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService workers;

    @Inject
    Lease lease;

    @Inject
    HearthMetrics metrics;

    @Inject
    NotificationStore store;

    @Inject
    NotificationStream stream;

    @Inject
    PluginRegistry plugins;

    @Inject
    Connections connections;

    @Inject
    @ConfigProperty(name = "hearth.notifications.tick", defaultValue = "PT5S")
    Duration tick;

    /** How often an open event stream's session is checked again (and the stream kept alive). */
    @Inject
    @ConfigProperty(name = "hearth.notifications.stream.check", defaultValue = "PT30S")
    Duration streamCheck;

    @Inject
    Sessions sessions;

    private volatile Instant nextStreamCheck = Instant.EPOCH;

    @Inject
    @ConfigProperty(name = "hearth.notifications.min.interval", defaultValue = "PT10S")
    Duration minInterval;

    @Inject
    @ConfigProperty(name = "hearth.notifications.concurrency", defaultValue = "16")
    int concurrency;

    private final String holder = holderName();
    private volatile boolean stopping;

    /** Whether this instance held the lease at the last round; {@code null} before the first. */
    private volatile Boolean holding;

    private ScheduledFuture<?> schedule;

    @PostConstruct
    void schedule() {
        schedule =
                scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void cancel() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /**
     * This instance stops: no more rounds here, and the lease is given up for another instance to take at once (a
     * round still running here that renews it afterwards gives it up again).
     */
    public void stop() {
        stopping = true;
        cancel();
        lease.release(LEASE, holder);
    }

    private void tick() {
        try {
            sweepStreams();
            poll();
        } catch (RuntimeException | Error e) {
            LOGGER.log(Level.WARNING, "The notification poller failed this round", e);
        }
    }

    /** Every instance, every round: ends expired streams; now and then, those whose session has ended. */
    private void sweepStreams() {
        Instant now = Instant.now();
        boolean check = !now.isBefore(nextStreamCheck);
        if (check) {
            nextStreamCheck = now.plus(streamCheck);
        }
        stream.sweep(
                now,
                check
                        ? (account, session) -> sessions.stillAlive(session.jti(), account, session.sessionVersion())
                        : null);
    }

    /**
     * One round: if this instance holds the lease, polls what is due, a batch at a time, so that a backlog is worked
     * off at once rather than a batch per tick: up to {@link #BATCHES_PER_ROUND} batches per source, holding the lease
     * again and sweeping the event streams between batches. Answers how many polls ran.
     */
    int poll() {
        if (!holdLease()) {
            return 0;
        }
        int polled = 0;
        for (Contribution<NotificationSource> source : Contribution.collect(
                        plugins.running(),
                        "notification source",
                        HearthPlugin::notificationSources,
                        NotificationSource::id)
                .values()) {
            for (int batch = 0; batch < BATCHES_PER_ROUND; batch++) {
                List<NotificationStore.Due> users = store.due(
                        source.plugin().id(), source.id(), Instant.now().plus(lookahead(source)), BATCH);
                polled += pollAll(source, users);
                if (users.size() < BATCH) {
                    break;
                }
                sweepStreams();
                if (!holdLease()) {
                    return polled;
                }
            }
        }
        return polled;
    }

    /** Whether this instance holds the poller's lease (taking it or keeping it); says so when that changes. */
    private boolean holdLease() {
        boolean has = !stopping && lease.acquire(LEASE, holder, leaseTime());
        if (has && stopping) { // renewed while this instance gave it up
            lease.release(LEASE, holder);
            has = false;
        }
        if (!Boolean.valueOf(has).equals(holding)) {
            holding = has;
            LOGGER.info(
                    has
                            ? "Notification poller: this instance (" + holder + ") holds the lease and polls"
                            : "Notification poller: another instance holds the lease; this one (" + holder + ") waits");
        }
        return has;
    }

    /**
     * How long the lease lasts without renewal: two ticks and five seconds. It is renewed every tick, also in the middle
     * of a long batch, so that an instance that dies leaves it to another within that time (15 s by default), and one
     * that lives never loses it to a slow batch.
     */
    private Duration leaseTime() {
        return tick.multipliedBy(2).plusSeconds(5);
    }

    /** Polls a batch of users, {@code concurrency} at a time, and waits for all of them. */
    private int pollAll(Contribution<NotificationSource> source, List<NotificationStore.Due> batch) {
        Semaphore slots = new Semaphore(concurrency);
        List<Future<?>> polls = new ArrayList<>();
        long renewAt = System.nanoTime() + tick.toNanos();
        for (NotificationStore.Due due : batch) {
            slots.acquireUninterruptibly();
            if (System.nanoTime() > renewAt) {
                renewAt = System.nanoTime() + tick.toNanos();
                if (!holdLease()) {
                    slots.release();
                    break; // another instance took over: it polls the rest
                }
            }
            try {
                polls.add(workers.submit(() -> {
                    try {
                        pollOne(source, due);
                    } finally {
                        slots.release();
                    }
                }));
            } catch (RuntimeException rejected) {
                slots.release();
                throw rejected;
            }
        }
        for (Future<?> poll : polls) {
            try {
                poll.get();
            } catch (ExecutionException e) {
                LOGGER.log(Level.WARNING, "A notification poll failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return polls.size();
    }

    /** How often a source's users are polled: its own interval, never below the minimum. */
    private Duration interval(Contribution<NotificationSource> source) {
        Duration interval = source.item().pollInterval();
        return interval == null || interval.compareTo(minInterval) < 0 ? minInterval : interval;
    }

    /**
     * How early a poll due soon is made: the poller looks once a tick, so what falls due before the next look is
     * polled now, and each user is polled every interval at most, not up to a tick later; never so early that two
     * polls come closer than the minimum interval.
     */
    private Duration lookahead(Contribution<NotificationSource> source) {
        Duration spare = interval(source).minus(minInterval);
        return spare.compareTo(tick) < 0 ? spare : tick;
    }

    private void pollOne(Contribution<NotificationSource> source, NotificationStore.Due due) {
        Instant started = Instant.now();
        String cursor = store.cursor(due.accountId(), source.id()).orElse(null);
        if (due.dueAt() != null) {
            metrics.pollDelay(source.plugin().id(), source.id(), Duration.between(due.dueAt(), started));
        }
        UserCall.Outcome<Poll> outcome = UserCall.run(
                metrics,
                connections.of(due.accountId(), due.username(), Locale.ENGLISH),
                source.plugin(),
                "notifications",
                source.id(),
                user -> source.item().poll(user, cursor));
        Instant next = started.plus(interval(source)); // the interval runs from the poll's start, not its end
        if (!outcome.ok()) {
            store.saveCursor(due.accountId(), source.id(), cursor, next);
            LOGGER.fine(() -> "Polling " + source.id() + " for user " + due.accountId() + ": " + outcome.status());
            return;
        }
        List<StoredNotification> added = store.addNew(
                due.accountId(),
                source.plugin().id(),
                source.item().id(),
                outcome.value().notifications());
        if (outcome.value().allUnread()
                && store.markReadExcept(
                                due.accountId(),
                                source.plugin().id(),
                                source.item().id(),
                                outcome.value().notifications().stream()
                                        .map(Notification::externalId)
                                        .collect(Collectors.toSet()))
                        > 0) {
            stream.unread(due.accountId(), store.unread(due.accountId()));
        }
        store.saveCursor(due.accountId(), source.id(), outcome.value().nextCursor(), next);
        added.forEach(n -> stream.publish(due.accountId(), NotificationView.of(n)));
    }

    private static String holderName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
