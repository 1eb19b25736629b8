package dev.hearth.it;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for what background work (the notification poller, a live stream) makes true sooner or later. */
final class Eventually {

    private Eventually() {}

    /** Polls the condition every 200 ms; fails after 30 seconds, naming what did not happen. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 30 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
