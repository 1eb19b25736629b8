package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.cluster.LocalMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle =
            new LoginThrottle(clock, new LocalMap(clock, 10_000), 3, Duration.ofMinutes(5), Duration.ofMinutes(15));

    @Test
    void freeFailuresAreNotSlowedDown() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice");
            assertEquals(Optional.empty(), throttle.retryAfter("alice"));
        }
    }

    @Test
    void furtherFailuresDoubleTheWait() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice");
        }
        throttle.failed("alice");
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.retryAfter("alice"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.retryAfter("alice"));

        throttle.failed("alice");
        assertEquals(Optional.of(Duration.ofSeconds(2)), throttle.retryAfter("alice"));
        clock.advance(Duration.ofSeconds(2));
        throttle.failed("alice");
        assertEquals(Optional.of(Duration.ofSeconds(4)), throttle.retryAfter("alice"));
    }

    @Test
    void theWaitIsCapped() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("alice");
        }
        assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.retryAfter("alice"));
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice");
        }
        assertTrue(throttle.retryAfter("alice").isPresent());
        assertEquals(Optional.empty(), throttle.retryAfter("bob"));
    }

    @Test
    void successClearsAndQuietTimeForgets() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice");
            throttle.failed("bob");
        }
        throttle.succeeded("alice");
        assertEquals(Optional.empty(), throttle.retryAfter("alice"));

        clock.advance(Duration.ofMinutes(16));
        throttle.failed("bob");
        assertEquals(Optional.empty(), throttle.retryAfter("bob"), "after 15 quiet minutes the count starts over");
    }

    @Test
    void reservingCountsABurstBeforeAnyAttemptEnds() {
        // three free attempts, then the fourth is counted and holds the key up; the fifth must wait
        for (int i = 0; i < 4; i++) {
            assertEquals(Optional.empty(), throttle.reserve("burst"), "attempt " + (i + 1));
        }
        assertTrue(throttle.reserve("burst").isPresent(), "the fifth parallel attempt waits");
    }

    @Test
    void aRefundedAttemptDoesNotCount() {
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), throttle.reserve("good"));
            throttle.refund("good");
        }
        assertEquals(Optional.empty(), throttle.retryAfter("good"), "successes never hold anyone up");
        throttle.reserve("mixed");
        throttle.reserve("mixed");
        throttle.refund("mixed");
        throttle.reserve("mixed");
        throttle.reserve("mixed");
        assertEquals(Optional.empty(), throttle.retryAfter("mixed"), "three counted: still free");
    }
}
