package dev.hearth.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what background work (the notification poller, a live stream) makes true sooner or later. */
final class Eventually {

    private Eventually() {}

    /** Polls the condition every 200 ms; fails after 30 seconds, naming what did not happen. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        within(Duration.ofSeconds(30), what, condition);
    }

    /** Polls the condition every 50 ms; fails after {@code limit}; answers how long it took. */
    static Duration within(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
