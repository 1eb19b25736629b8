package dev.hearth.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator: a number of connections, each sending the next request when the last one answered
 * (as {@code wrk -c} does), first for a warm-up, then for the measured time. Bounded in time; 127.0.0.1 only.
 */
final class Load {

    /** What a run measured: answers per second, latency median and 90th percentile, and answers that were not 2xx. */
    record Result(double perSecond, double medianMillis, double p90Millis, int failures) {}

    private Load() {}

    static Result run(HttpRequest request, int connections, Duration warmUp, Duration measured)
            throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long[] mine = new long[1_000_000];
            latencies.add(mine);
            int[] count = {0};
            Thread thread = new Thread(() -> {
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        break;
                    }
                    try {
                        HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() >= 300) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long answered = System.nanoTime();
                    if (sent >= measureFrom && answered <= end && count[0] < mine.length - 1) {
                        mine[++count[0]] = answered - sent;
                    }
                }
                mine[0] = count[0];
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        int total = latencies.stream().mapToInt(l -> (int) l[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (long[] mine : latencies) {
            System.arraycopy(mine, 1, all, at, (int) mine[0]);
            at += (int) mine[0];
        }
        Arrays.sort(all);
        return new Result(
                total / (measured.toNanos() / 1e9),
                total == 0 ? Double.NaN : all[total / 2] / 1e6,
                total == 0 ? Double.NaN : all[(int) (total * 0.9)] / 1e6,
                failures.get());
    }
}
