package dev.hearth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A closed-loop load: a number of connections, each sending the next request when the last one answered, first for
 * a warm-up, then for the measured time. Bounded in time; 127.0.0.1 only. With {@code wrk} on the path (Debian's
 * package {@code wrk}) it runs {@code wrk -t2 -c<connections>}, which costs the machine less than a Java client and
 * is what the figures to reach were measured with; else a Java client does the same.
 */
final class Load {

    /** What a run measured: answers per second, latency median and 90th percentile, and answers that were not 2xx. */
    record Result(double perSecond, double medianMillis, double p90Millis, int failures) {}

    private Load() {}

    /** The generator {@link #run} uses: {@code wrk} when it is installed, else the Java client. */
    static String generator() {
        return WRK.isPresent() ? "wrk -t2" : "a Java HTTP client (install wrk for lighter load)";
    }

    private static final java.util.Optional<Path> WRK = Stream.of(
                    System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "wrk"))
            .filter(Files::isExecutable)
            .findFirst();

    static Result run(URI uri, String token, int connections, Duration warmUp, Duration measured)
            throws InterruptedException, IOException {
        if (WRK.isPresent()) {
            wrk(uri, token, connections, warmUp);
            return wrk(uri, token, connections, measured);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return java(request.GET().build(), connections, warmUp, measured);
    }

    private static Result wrk(URI uri, String token, int connections, Duration time)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                WRK.get().toString(),
                "-t2",
                "-c" + connections,
                "-d" + time.toSeconds() + "s",
                "--latency",
                "-H",
                "Accept: application/json"));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        command.add(uri.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return new Result(
                number(output, "Requests/sec:\\s+([\\d.]+)"), millis(output, "50%"), millis(output, "90%"), (int)
                        (output.contains("Non-2xx") ? number(output, "Non-2xx or 3xx responses:\\s+(\\d+)") : 0));
    }

    private static double number(String output, String pattern) {
        Matcher found = Pattern.compile(pattern).matcher(output);
        if (!found.find()) {
            throw new IllegalStateException("Not in wrk's output (" + pattern + "): " + output);
        }
        return Double.parseDouble(found.group(1));
    }

    /** A latency percentile as wrk prints it ({@code 50%    5.12ms}; also {@code us} and {@code s}). */
    private static double millis(String output, String percentile) {
        Matcher found = Pattern.compile(Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)")
                .matcher(output);
        if (!found.find()) {
            throw new IllegalStateException("No " + percentile + " latency in wrk's output: " + output);
        }
        double value = Double.parseDouble(found.group(1));
        return switch (found.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static Result java(HttpRequest request, int connections, Duration warmUp, Duration measured)
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
