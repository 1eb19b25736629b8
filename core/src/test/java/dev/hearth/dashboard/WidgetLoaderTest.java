package dev.hearth.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.cluster.LocalMap;
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
    /** What the loaders counted: hit, shared_hit, load. */
    private final List<String> counted = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofSeconds(10), new LocalMap(clock, 1000), counted::add);
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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofMillis(300), new LocalMap(clock, 1000), counted::add);
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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofMillis(100), new LocalMap(clock, 1000), counted::add);
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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofSeconds(5), new LocalMap(clock, 1000), counted::add);
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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofSeconds(5), new LocalMap(clock, 1000), counted::add);
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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofSeconds(5), new LocalMap(clock, 1000), counted::add);
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
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofSeconds(5), new LocalMap(clock, 1000), counted::add);

        WidgetResult result = loader.load(1, Locale.ENGLISH, List.of(job("w", () -> {
                    throw new IllegalStateException("bug");
                })))
                .get(0);

        assertEquals("error", result.status());
    }

    @Test
    void concurrentLoadsOfOneWidgetShareOneCall() throws Exception {
        WidgetLoader loader =
                new WidgetLoader(executor, clock, Duration.ofSeconds(10), new LocalMap(clock, 1000), counted::add);
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

    /**
     * Two instances of a cluster share one map: loads of one widget for one user on both at once make one upstream
     * call, the other instance gets the same result, items and all, from the map, and so do later loads on either
     * until the result expires; forgetting it forgets the shared copy too.
     */
    @Test
    void instancesSharingAMapShareOneLoadAndItsResult() throws Exception {
        LocalMap shared = new LocalMap(clock, 1000);
        WidgetLoader first = new WidgetLoader(executor, clock, Duration.ofSeconds(10), shared, counted::add);
        WidgetLoader second = new WidgetLoader(executor, clock, Duration.ofSeconds(10), shared, counted::add);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        WidgetResult loaded = WidgetResult.ok(
                "w",
                new WidgetContent(
                        List.of(WidgetItem.builder("1", "Row")
                                .subtitle("second line")
                                .link(java.net.URI.create("https://up.example/1?a=b"))
                                .timestamp(Instant.parse("2026-11-24T09:00:00Z"))
                                .badge(2)
                                .status(new dev.hearth.api.dashboard.ItemStatus(
                                        "Open", dev.hearth.api.dashboard.ItemStatus.Tone.ATTENTION))
                                .build()),
                        7,
                        "Nothing",
                        List.of(new dev.hearth.api.dashboard.WidgetButton(
                                "more", "More", java.net.URI.create("https://up.example/")))),
                Instant.parse("2026-11-24T10:00:00Z"));
        WidgetLoader.Job job = job("w", () -> {
            calls.incrementAndGet();
            await(release);
            return loaded;
        });
        ExecutorService requests = Executors.newFixedThreadPool(2);
        Future<List<WidgetResult>> onFirst = requests.submit(() -> first.load(1, Locale.ENGLISH, List.of(job)));
        Future<List<WidgetResult>> onSecond = requests.submit(() -> second.load(1, Locale.ENGLISH, List.of(job)));
        Thread.sleep(200); // both instances are loading, one of them waits for the other's lock
        release.countDown();

        assertEquals(loaded, onFirst.get(10, TimeUnit.SECONDS).get(0));
        assertEquals(loaded, onSecond.get(10, TimeUnit.SECONDS).get(0));
        assertEquals(1, calls.get(), "one upstream call between the two instances");
        assertEquals(List.of("load", "shared_hit"), counted, "one loaded, the other found it shared");
        assertEquals(loaded, second.load(1, Locale.ENGLISH, List.of(job)).get(0));
        assertEquals(1, calls.get());
        assertEquals("hit", counted.get(2), "then in its own memory");

        first.forget(1, "plugin"); // after a connection change there; the cluster tells the second too
        first.load(1, Locale.ENGLISH, List.of(job));
        assertEquals(2, calls.get(), "forgotten in the shared map too, not found there again");
        clock.now = clock.now.plus(Duration.ofSeconds(31));
        first.load(1, Locale.ENGLISH, List.of(job));
        assertEquals(3, calls.get(), "expired for both");
        requests.shutdownNow();
    }
}
