package dev.hearth.security;

import dev.hearth.cluster.Cluster;
import dev.hearth.cluster.SharedMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down guessing. Each key (a username, or a client address) may fail a few times freely; after that
 * every further failure doubles the wait before the next attempt, up to a cap. Success clears the key; keys
 * are forgotten after a quiet period. Kept in a {@link SharedMap}, so that the instances of a cluster count together.
 */
public final class LoginThrottle {

    private final Clock clock;
    private final SharedMap failures;
    private final int freeFailures;
    private final Duration maxDelay;
    private final Duration forgetAfter;

    /** A key's failures, stored as {@code count last-millis blocked-until-millis} (0: not blocked). */
    private record Failures(int count, Instant last, Instant blockedUntil) {

        static Failures read(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split(" ");
            long blocked = Long.parseLong(parts[2]);
            return new Failures(
                    Integer.parseInt(parts[0]),
                    Instant.ofEpochMilli(Long.parseLong(parts[1])),
                    blocked == 0 ? null : Instant.ofEpochMilli(blocked));
        }

        String write() {
            return count + " " + last.toEpochMilli() + " " + (blockedUntil == null ? 0 : blockedUntil.toEpochMilli());
        }
    }

    /**
     * Hearth's throttles: waits up to five minutes, keys forgotten after a quiet quarter of an hour, counted across the
     * cluster in its map {@code throttle-<name>}.
     */
    public static LoginThrottle shared(Cluster cluster, String name, int freeFailures) {
        return new LoginThrottle(
                Clock.systemUTC(),
                cluster.map("throttle-" + name, 10_000),
                freeFailures,
                Duration.ofMinutes(5),
                Duration.ofMinutes(15));
    }

    public LoginThrottle(Clock clock, SharedMap failures, int freeFailures, Duration maxDelay, Duration forgetAfter) {
        this.clock = clock;
        this.failures = failures;
        this.freeFailures = freeFailures;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
    }

    /** How long the caller must still wait before trying this key again, if at all. */
    public Optional<Duration> retryAfter(String key) {
        Failures f = Failures.read(failures.get(key));
        Instant now = clock.instant();
        if (f == null || f.blockedUntil == null || !now.isBefore(f.blockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.blockedUntil));
    }

    /** A wait in whole seconds, rounded up, at least one: for Retry-After. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public void failed(String key) {
        Instant now = clock.instant();
        failures.compute(
                key, forgetAfter, stored -> counted(Failures.read(stored), now).write());
    }

    /**
     * Counts an attempt before it is made, so that a burst of parallel attempts is counted as it arrives: answers how
     * long the caller must still wait if the key is held up (then nothing is counted), else empty. A success then
     * {@link #succeeded clears} the key or {@link #refund refunds} the attempt.
     */
    public Optional<Duration> reserve(String key) {
        Instant now = clock.instant();
        Duration[] wait = new Duration[1];
        failures.compute(key, forgetAfter, stored -> {
            wait[0] = null;
            Failures f = Failures.read(stored);
            if (f != null && f.blockedUntil != null && now.isBefore(f.blockedUntil)) {
                wait[0] = Duration.between(now, f.blockedUntil);
                return stored;
            }
            return counted(f, now).write();
        });
        return Optional.ofNullable(wait[0]);
    }

    /** Takes back one reserved attempt that turned out well, keeping the key's other failures. */
    public void refund(String key) {
        failures.compute(key, forgetAfter, stored -> {
            Failures f = Failures.read(stored);
            return f == null || f.count <= 1
                    ? null
                    : new Failures(f.count - 1, f.last, f.count - 1 <= freeFailures ? null : f.blockedUntil).write();
        });
    }

    public void succeeded(String key) {
        failures.compute(key, forgetAfter, stored -> null);
    }

    /** One failure more, the count starting again after a quiet period. */
    private Failures counted(Failures f, Instant now) {
        int count = f == null || now.isAfter(f.last.plus(forgetAfter)) ? 1 : f.count + 1;
        Instant blockedUntil = count <= freeFailures ? null : now.plus(delay(count - freeFailures));
        return new Failures(count, now, blockedUntil);
    }

    private Duration delay(int excessFailures) {
        long seconds = 1L << Math.min(excessFailures - 1, 20);
        Duration delay = Duration.ofSeconds(seconds);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
