package dev.hearth.bench;

import dev.hearth.it.HearthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Issue 13's benchmark: starts Hearth from its runnable JAR on an empty data directory, measures what an operator and a
 * user would see, and prints one table: figure, target, measured (median and 90th percentile where there is a
 * spread), and the ratio where the target is one. Start to ready is as the launcher reports it in its log. Arguments:
 * the built web UI, a work directory; the system property {@code hearth.jar} names the JAR.
 */
public final class Bench {

    private static final int CONNECTIONS = 8; // wrk -t2 -c8, as the issue measured
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(10);
    private static final int RESTARTS = 3;

    /** One row of the table. */
    private record Row(String figure, String target, String measured, String note) {}

    private final List<Row> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path frontend = Path.of(args[0]);
        Path work = Path.of(args[1]).resolve("bench-" + System.currentTimeMillis());
        Files.createDirectories(work);
        new Bench().run(frontend, work);
    }

    private void run(Path frontend, Path work) throws Exception {
        System.out.printf(
                "Hearth benchmark: %s, %d cores, Java %s; load: %d connections, %d s warm-up, %d s measured%n",
                System.getProperty("hearth.jar"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                CONNECTIONS,
                WARM_UP.toSeconds(),
                MEASURED.toSeconds());
        try (HearthServer hearth = new HearthServer(work, Map.of())) {
            hearth.start();
            double first = hearth.lastStartSeconds;
            rows.add(new Row("start to ready, first start (empty data dir)", "≤ 15 s", seconds(first), ""));
            long[] rss = hearth.residentMiB();
            rows.add(new Row(
                    "resident memory after start: JVM / with mariadbd",
                    "JVM ≤ 450 MiB",
                    rss[0] + " / " + rss[1] + " MiB",
                    ""));
            String token = signIn(hearth);

            Load.Result me = load(hearth, "/api/v1/me", token);
            Load.Result bare = load(hearth, "/api/v1/auth/methods", null);
            rows.add(throughput("/api/v1/me (signed in)", "≥ 3,000 req/s", me));
            rows.add(throughput("/api/v1/auth/methods (a bare JAX-RS endpoint)", "", bare));
            rows.add(new Row(
                    "/api/v1/me vs the bare endpoint", "≥ 70 %", percent(me.perSecond() / bare.perSecond()), ""));
            rows.add(throughput("/openapi", "≥ 1,000 req/s", load(hearth, "/openapi", null)));

            double[] restarts = new double[RESTARTS];
            for (int i = 0; i < RESTARTS; i++) {
                hearth.restart();
                restarts[i] = hearth.lastStartSeconds;
            }
            java.util.Arrays.sort(restarts);
            rows.add(new Row(
                    "start to ready, restart",
                    "≤ 10 s",
                    seconds(restarts[RESTARTS / 2]) + " median",
                    "of " + RESTARTS + ": " + seconds(restarts[0]) + " to " + seconds(restarts[RESTARTS - 1])));
        }
        rows.add(new Row("web UI JavaScript, gzip", "≤ 30 KiB", javaScript(frontend), ""));
        print();
        System.out.println("Not measured yet (they need the fake upstreams in the benchmark): the dashboard with three"
                + " widgets at 200 ms, Hearth's own cost per upstream call, the dashboard from cache, search with a"
                + " hanging provider, the notification poller for 10,000 users, the web UI in chromium.");
        System.out.println("Hearth's log of this run: " + work.resolve("hearth.log"));
    }

    private static String signIn(HearthServer hearth) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hearth.uri("/api/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                                        + HearthServer.ADMIN_PASSWORD + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        if (answer.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("Signing in failed: " + answer.statusCode() + " " + answer.body());
        }
        return token.group(1);
    }

    private static Load.Result load(HearthServer hearth, String path, String token) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(hearth.uri(path)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Load.run(request.GET().build(), CONNECTIONS, WARM_UP, MEASURED);
    }

    private static Row throughput(String figure, String target, Load.Result result) {
        return new Row(
                figure,
                target,
                String.format(
                        Locale.ROOT,
                        "%,.0f req/s; %.1f ms median, %.1f ms p90",
                        result.perSecond(),
                        result.medianMillis(),
                        result.p90Millis()),
                result.failures() == 0 ? "" : result.failures() + " answers not 2xx");
    }

    /** The web UI's JavaScript as a browser downloads it, compressed with gzip. */
    private static String javaScript(Path frontend) throws IOException {
        long raw = 0;
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(frontend)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                raw += bytes.length;
                try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                    gzip.write(bytes);
                }
            }
        }
        return String.format(Locale.ROOT, "%.1f KiB (%.1f KiB unzipped)", compressed.size() / 1024.0, raw / 1024.0);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    private void print() {
        int[] width = {6, 6, 8};
        for (Row row : rows) {
            width[0] = Math.max(width[0], row.figure().length());
            width[1] = Math.max(width[1], row.target().length());
            width[2] = Math.max(width[2], row.measured().length());
        }
        String format = "| %-" + width[0] + "s | %-" + width[1] + "s | %-" + width[2] + "s | %s%n";
        System.out.println();
        System.out.printf(format, "figure", "target", "measured", "note");
        System.out.printf(format, "-".repeat(width[0]), "-".repeat(width[1]), "-".repeat(width[2]), "-".repeat(4));
        for (Row row : rows) {
            System.out.printf(format, row.figure(), row.target(), row.measured(), row.note());
        }
        System.out.println();
    }
}
