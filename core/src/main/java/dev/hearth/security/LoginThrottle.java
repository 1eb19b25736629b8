package dev.hearth.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing. Each key (a username, or a client address) may fail a few times freely; after that
 * every further failure doubles the wait before the next attempt, up to a cap. Success clears the key; keys
 * are forgotten after a quiet period. Kept per instance, in memory.
 */
public final class LoginThrottle {

    private final Clock clock;
    private final int freeFailures;
    private final Duration maxDelay;
    private final Duration forgetAfter;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last, Instant blockedUntil) {}

    public LoginThrottle(Clock clock, int freeFailures, Duration maxDelay, Duration forgetAfter) {
        this.clock = clock;
        this.freeFailures = freeFailures;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
    }

    /** How long the caller must still wait before trying this key again, if at all. */
    public Optional<Duration> retryAfter(String key) {
        Failures f = failures.get(key);
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
        failures.compute(key, (k, f) -> {
            int count = f == null || now.isAfter(f.last.plus(forgetAfter)) ? 1 : f.count + 1;
            Instant blockedUntil = count <= freeFailures ? null : now.plus(delay(count - freeFailures));
            return new Failures(count, now, blockedUntil);
        });
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> now.isAfter(e.getValue().last.plus(forgetAfter)));
        }
    }

    /**
     * Counts an attempt before it is made, so that a burst of parallel attempts is counted as it arrives: answers how
     * long the caller must still wait if the key is held up (then nothing is counted), else empty. A success then
     * {@link #succeeded clears} the key or {@link #refund refunds} the attempt.
     */
    public Optional<Duration> reserve(String key) {
        Instant now = clock.instant();
        Duration[] wait = new Duration[1];
        failures.compute(key, (k, f) -> {
            if (f != null && f.blockedUntil != null && now.isBefore(f.blockedUntil)) {
                wait[0] = Duration.between(now, f.blockedUntil);
                return f;
            }
            int count = f == null || now.isAfter(f.last.plus(forgetAfter)) ? 1 : f.count + 1;
            Instant blockedUntil = count <= freeFailures ? null : now.plus(delay(count - freeFailures));
            return new Failures(count, now, blockedUntil);
        });
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> now.isAfter(e.getValue().last.plus(forgetAfter)));
        }
        return Optional.ofNullable(wait[0]);
    }

    /** Takes back one reserved attempt that turned out well, keeping the key's other failures. */
    public void refund(String key) {
        failures.computeIfPresent(
                key,
                (k, f) -> f.count <= 1
                        ? null
                        : new Failures(f.count - 1, f.last, f.count - 1 <= freeFailures ? null : f.blockedUntil));
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private Duration delay(int excessFailures) {
        long seconds = 1L << Math.min(excessFailures - 1, 20);
        Duration delay = Duration.ofSeconds(seconds);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
