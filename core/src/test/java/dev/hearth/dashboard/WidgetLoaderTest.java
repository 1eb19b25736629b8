package dev.hearth.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WidgetLoaderTest {

    private static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static WidgetResult ok(String id) {
        return WidgetResult.ok(
                id,
                WidgetContent.of(
                        List.of(WidgetItem.builder("1", "item of " + id).build())),
                Instant.now());
    }

    private static WidgetLoader.Job job(String id, Supplier<WidgetResult> load) {
        return new WidgetLoader.Job(id, "plugin", Duration.ofSeconds(30), load);
    }

    /** A job that counts its loads. */
    private static WidgetLoader.Job counting(String id, AtomicInteger calls) {
        return job(id, () -> {
            calls.incrementAndGet();
            return ok(id);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void widgetsLoadInParallel() {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofSeconds(10));
        CountDownLatch allStarted = new CountDownLatch(3);
        List<WidgetLoader.Job> jobs = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            jobs.add(job(id, () -> {
                allStarted.countDown();
                await(allStarted); // only returns when all three run at once
                return ok(id);
            }));
        }

        List<WidgetResult> results = loader.load(1, Locale.ENGLISH, jobs);

        assertEquals(
                List.of("ok", "ok", "ok"),
                results.stream().map(WidgetResult::status).toList());
        assertEquals(
                List.of("a", "b", "c"), results.stream().map(WidgetResult::id).toList(), "in the order asked");
    }

    @Test
    void aHangingWidgetTimesOutWhileTheOthersAnswer() {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofMillis(300));
        CountDownLatch never = new CountDownLatch(1);

        List<WidgetResult> results = loader.load(
                1,
                Locale.ENGLISH,
                List.of(
                        job("hangs", () -> {
                            await(never);
                            return ok("hangs");
                        }),
                        job("fine", () -> ok("fine"))));

        assertEquals("timeout", results.get(0).status());
        assertTrue(results.get(0).message().contains("did not answer"));
        assertEquals("ok", results.get(1).status());
        never.countDown();
    }

    @Test
    void aLoadThatMissedTheDeadlineStillFillsTheCache() throws Exception {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        WidgetLoader.Job slow = job("slow", () -> {
            calls.incrementAndGet();
            await(release);
            return ok("slow");
        });
        assertEquals(
                "timeout", loader.load(1, Locale.ENGLISH, List.of(slow)).get(0).status());

        release.countDown();
        for (int i = 0;
                i < 100
                        && !"ok"
                                .equals(loader.load(1, Locale.ENGLISH, List.of(slow))
                                        .get(0)
                                        .status());
                i++) {
            Thread.sleep(20);
        }

        assertEquals("ok", loader.load(1, Locale.ENGLISH, List.of(slow)).get(0).status());
        assertEquals(1, calls.get());
    }

    @Test
    void resultsAreCachedPerUserAndWidgetUntilTheyExpire() {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        WidgetLoader.Job counted = counting("w", calls);

        loader.load(1, Locale.ENGLISH, List.of(counted));
        loader.load(1, Locale.ENGLISH, List.of(counted));
        assertEquals(1, calls.get(), "cached");
        loader.load(2, Locale.ENGLISH, List.of(counted));
        assertEquals(2, calls.get(), "another user has their own");
        clock.now = clock.now.plusSeconds(31);
        loader.load(1, Locale.ENGLISH, List.of(counted));
        assertEquals(3, calls.get(), "expired after the reload interval");
        loader.forget(1, "plugin");
        loader.load(1, Locale.ENGLISH, List.of(counted));
        assertEquals(4, calls.get(), "forgotten after a connection change");
    }

    @Test
    void resultsAreCachedPerLanguageTheirTextsAreIn() {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        WidgetLoader.Job counted = counting("w", calls);

        loader.load(1, Locale.ENGLISH, List.of(counted));
        loader.load(1, Locale.GERMAN, List.of(counted));
        assertEquals(2, calls.get(), "the German page does not get the English texts");
        loader.load(1, Locale.GERMAN, List.of(counted));
        assertEquals(2, calls.get(), "cached in German too");
        loader.load(1, Locale.forLanguageTag("de-AT"), List.of(counted));
        loader.load(1, Locale.forLanguageTag("de-DE"), List.of(counted));
        assertEquals(2, calls.get(), "one cache per language, not per region: the texts are the same");
        loader.forget(1, "plugin");
        loader.load(1, Locale.ENGLISH, List.of(counted));
        loader.load(1, Locale.GERMAN, List.of(counted));
        assertEquals(4, calls.get(), "forgotten in every language");
    }

    @Test
    void failuresAreNotCached() {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        WidgetLoader.Job failing = job("w", () -> {
            calls.incrementAndGet();
            return WidgetResult.failed("w", "error", "upstream down", Instant.now());
        });

        loader.load(1, Locale.ENGLISH, List.of(failing));
        loader.load(1, Locale.ENGLISH, List.of(failing));

        assertEquals(2, calls.get());
    }

    @Test
    void anExceptionBecomesAnErrorStatus() {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofSeconds(5));

        WidgetResult result = loader.load(1, Locale.ENGLISH, List.of(job("w", () -> {
                    throw new IllegalStateException("bug");
                })))
                .get(0);

        assertEquals("error", result.status());
    }

    @Test
    void concurrentLoadsOfOneWidgetShareOneCall() throws Exception {
        WidgetLoader loader = new WidgetLoader(executor, clock, Duration.ofSeconds(10));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        WidgetLoader.Job shared = job("w", () -> {
            calls.incrementAndGet();
            await(release);
            return ok("w");
        });
        ExecutorService requests = Executors.newFixedThreadPool(20);
        List<Future<List<WidgetResult>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(requests.submit(() -> loader.load(1, Locale.ENGLISH, List.of(shared))));
        }
        Thread.sleep(200); // let all twenty requests arrive while the first load is still running
        release.countDown();

        for (Future<List<WidgetResult>> answer : answers) {
            assertEquals("ok", answer.get(10, TimeUnit.SECONDS).get(0).status());
        }
        assertEquals(1, calls.get());
        requests.shutdownNow();
    }
}
