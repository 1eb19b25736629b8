package dev.hearth.bench;

import dev.hearth.it.HearthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * spread), and the ratio where the target is one. Start to ready is as the launcher reports it in its log. The
 * upstream is {@link Upstream} on 127.0.0.1 with set latencies, reached through the benchmark plugin (system property
 * {@code bench.plugin}, its JAR). Arguments: the built web UI, a work directory; the system property
 * {@code hearth.jar} names Hearth's JAR.
 */
public final class Bench {

    private static final int CONNECTIONS = 8; // wrk -t2 -c8, as the issue measured
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(10);
    private static final int RESTARTS = 3;
    private static final int SAMPLES = 30;
    private static final int WARM_UP_SAMPLES = 5;
    private static final Duration WIDGET_UPSTREAM = Duration.ofMillis(200);
    private static final Duration FAST_PROVIDER = Duration.ofMillis(50);
    private static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(1);
    /** The benchmark plugin's providers: the bundled plugins' would answer at once, as not connected. */
    private static final String PROVIDERS = "provider=bench/fast&provider=bench/slow&provider=bench/hanging";

    private static final int POLLED_USERS = 10_000;

    /** The JVM options the README gives for a small installation. */
    static final String SMALL_HEAP = "-Xmx256m -XX:+UseSerialGC";

    private static final Duration POLL_WAIT = Duration.ofMinutes(4);

    /** One row of the table. */
    private record Row(String figure, String target, String measured, String note) {}

    private final List<Row> rows = new ArrayList<>();

    /** A measured figure: kept for the table, and printed at once, so that a long run shows how far it got. */
    private void add(Row row) {
        rows.add(row);
        System.out.printf("  %s: %s %s%n", row.figure(), row.measured(), row.note());
    }

    public static void main(String[] args) throws Exception {
        Path frontend = Path.of(args[0]);
        Path work = Path.of(args[1]).resolve("bench-" + System.currentTimeMillis());
        Files.createDirectories(work);
        new Bench().run(frontend, work);
    }

    private void run(Path frontend, Path work) throws Exception {
        System.out.printf(
                "Hearth benchmark: %s, %d cores, Java %s; load: %s, %d connections, %d s warm-up, %d s measured%n",
                System.getProperty("hearth.jar"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Load.generator(),
                CONNECTIONS,
                WARM_UP.toSeconds(),
                MEASURED.toSeconds());
        try (Upstream upstream = new Upstream()
                        .latency("items", WIDGET_UPSTREAM)
                        .latency("search/fast", FAST_PROVIDER)
                        .latency("search/slow", Duration.ofMillis(150))
                        .latency("search/hanging", SEARCH_TIMEOUT.plusMillis(500))
                        .latency("notifications", Duration.ofMillis(50));
                HearthServer hearth = new HearthServer(
                        work,
                        Map.of(
                                "HEARTH_ALLOWED_HOSTS_BENCH", "127.0.0.1",
                                "HEARTH_ALLOWED_PORTS_BENCH", "1024-65535",
                                "HEARTH_SEARCH_TIMEOUT", SEARCH_TIMEOUT.toString()))) {
            Files.copy(
                    Path.of(System.getProperty("bench.plugin")),
                    hearth.pluginDir().resolve("bench-plugin.jar"));
            hearth.start();
            double first = hearth.lastStartSeconds;
            add(new Row("start to ready, first start (empty data dir)", "≤ 15 s", seconds(first), ""));
            long[] rss = hearth.residentMiB();
            add(new Row(
                    "resident memory after start: JVM / with mariadbd",
                    "JVM ≤ 450 MiB",
                    rss[0] + " / " + rss[1] + " MiB",
                    ""));
            Client client = new Client(hearth.uri("/"));
            String admin = client.signIn("admin", HearthServer.ADMIN_PASSWORD);
            String user = client.connectedUser(admin, "bench-user", upstream.uri());

            Load.Result me = load(hearth, "/api/v1/me", user);
            Load.Result bare = load(hearth, "/api/v1/auth/methods", null);
            add(throughput("/api/v1/me (signed in)", "≥ 3,000 req/s", me));
            add(throughput("/api/v1/auth/methods (a bare JAX-RS endpoint)", "", bare));
            add(new Row("/api/v1/me vs the bare endpoint", "≥ 70 %", percent(me.perSecond() / bare.perSecond()), ""));
            add(throughput("/openapi", "≥ 1,000 req/s", load(hearth, "/openapi", null)));

            dashboard(client, admin, upstream, hearth, user, me);
            webUi(hearth, user);
            search(client, user);
            poller(hearth, upstream);

            double[] restarts = new double[RESTARTS];
            for (int i = 0; i < RESTARTS; i++) {
                hearth.restart();
                restarts[i] = hearth.lastStartSeconds;
            }
            java.util.Arrays.sort(restarts);
            add(new Row(
                    "start to ready, restart (10,000 users in the database)",
                    "≤ 10 s",
                    seconds(restarts[RESTARTS / 2]) + " median",
                    "of " + RESTARTS + ": " + seconds(restarts[0]) + " to " + seconds(restarts[RESTARTS - 1])));
        }
        smallHeap(work.resolve("small-heap"));
        add(new Row("web UI JavaScript, gzip", "≤ 30 KiB", javaScript(frontend), ""));
        print();
        System.out.println("Hearth's log of this run: " + work.resolve("hearth.log"));
    }

    /**
     * Hearth started again on an empty data directory with the JVM options the README gives for a small heap
     * ({@link #SMALL_HEAP}, through {@code JAVA_TOOL_OPTIONS}): resident memory after start, and {@code /api/v1/me}.
     */
    private void smallHeap(Path work) throws Exception {
        try (HearthServer hearth = new HearthServer(work, Map.of("JAVA_TOOL_OPTIONS", SMALL_HEAP))) {
            hearth.start();
            long[] rss = hearth.residentMiB();
            add(new Row(
                    "with " + SMALL_HEAP + ": resident memory after start, JVM / with mariadbd",
                    "JVM ≤ 450 MiB",
                    rss[0] + " / " + rss[1] + " MiB",
                    ""));
            String admin = new Client(hearth.uri("/")).signIn("admin", HearthServer.ADMIN_PASSWORD);
            add(throughput("with " + SMALL_HEAP + ": /api/v1/me", "≥ 3,000 req/s", load(hearth, "/api/v1/me", admin)));
        }
    }

    /**
     * The dashboard of three widgets whose upstream takes {@link #WIDGET_UPSTREAM} each, with an empty cache (each
     * sample a new user); Hearth's own cost per upstream call (a widget not yet cached: the endpoint's time less the
     * upstream's own, as the upstream measured it; the user's second request, so that it is the call's cost and not
     * that of the user's first request, which verifies their token and session); and the dashboard from the cache
     * against {@code /api/v1/me}.
     */
    private void dashboard(
            Client client, String admin, Upstream upstream, HearthServer hearth, String user, Load.Result me)
            throws Exception {
        String three = "/api/v1/dashboard/items?widget=bench/a&widget=bench/b&widget=bench/c";
        List<Double> dashboard = new ArrayList<>();
        List<Double> ownCost = new ArrayList<>();
        for (int i = 0; i < WARM_UP_SAMPLES + SAMPLES; i++) {
            String token = client.connectedUser(admin, "dash-" + i, upstream.uri());
            double took = timed(() -> Client.expect(200, client.get(three, token)));
            String single = client.connectedUser(admin, "call-" + i, upstream.uri());
            // the user's first request also verifies their token and session for the first time: a widget of its own
            Client.expect(200, client.get("/api/v1/dashboard/items?widget=bench/b", single));
            double call = timed(() -> Client.expect(200, client.get("/api/v1/dashboard/items?widget=bench/a", single)));
            List<Long> served = upstream.served.get("items");
            double upstreamMillis = served.get(served.size() - 1) / 1e6;
            if (i >= WARM_UP_SAMPLES) {
                dashboard.add(took);
                ownCost.add(call - upstreamMillis);
            }
        }
        add(new Row(
                "dashboard, 3 widgets × " + WIDGET_UPSTREAM.toMillis() + " ms upstream, empty cache",
                "≤ " + (WIDGET_UPSTREAM.toMillis() + 15) + " ms",
                spread(dashboard),
                SAMPLES + " new users"));
        add(new Row(
                "Hearth's own cost per upstream call (widget time − upstream's time)",
                "≤ 5 ms",
                spread(ownCost),
                SAMPLES + " new users, their second widget (not cached)"));
        Client.expect(200, client.get(three, user));
        Load.Result cached = load(hearth, three, user);
        add(throughput("dashboard from cache (3 widgets)", "", cached));
        add(new Row("dashboard from cache vs /api/v1/me", "≥ 90 %", percent(cached.perSecond() / me.perSecond()), ""));
    }

    /** The web UI in chromium: from navigation to the cached dashboard's three widgets' items on screen. */
    private void webUi(HearthServer hearth, String user) {
        String figure = "web UI in chromium: navigation to the cached dashboard's items on screen";
        if (!Browser.available()) {
            add(new Row(figure, "≤ 400 ms", "not measured", "no chromium at " + dev.hearth.it.Chromium.PATH));
            return;
        }
        List<Double> millis =
                Browser.dashboard(hearth.uri("/"), user, List.of("Item of a", "Item of b", "Item of c"), SAMPLES / 3);
        add(new Row(figure, "≤ 400 ms", spread(millis), millis.size() + " page loads, signed in"));
    }

    /**
     * Search over three providers (answering in 50 ms, 150 ms, and never within the timeout): the whole answer
     * against the timeout, and the stream's first event against the fastest provider.
     */
    private void search(Client client, String user) throws Exception {
        List<Double> whole = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        for (int i = 0; i < WARM_UP_SAMPLES + SAMPLES; i++) {
            double took = timed(() -> Client.expect(200, client.get("/api/v1/search?term=bench&" + PROVIDERS, user)));
            double event = firstEvent(client, user);
            if (i >= WARM_UP_SAMPLES) {
                whole.add(took - SEARCH_TIMEOUT.toMillis());
                first.add(event - FAST_PROVIDER.toMillis());
            }
            Thread.sleep(SEARCH_TIMEOUT.toMillis()); // the hanging provider's calls end before the next sample
        }
        add(new Row(
                "search, 3 providers, one hanging: answer − timeout (" + SEARCH_TIMEOUT.toMillis() + " ms)",
                "≤ 15 ms",
                spread(whole),
                SAMPLES + " searches"));
        add(new Row(
                "search stream: first event − fastest provider (" + FAST_PROVIDER.toMillis() + " ms)",
                "≤ 15 ms",
                spread(first),
                SAMPLES + " searches"));
    }

    /** Milliseconds from sending a streamed search to its first provider event. */
    private static double firstEvent(Client client, String user) throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> answer = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        client.request("/api/v1/search/stream?term=bench&" + PROVIDERS, user)
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = answer.body()) {
            lines.filter(line -> line.startsWith("event:") && line.contains("provider"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No provider event in the search stream"));
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * The notification poller with {@link #POLLED_USERS} connected users whose source answers in 50 ms and polls
     * every minute: the users are written into the database at once (all due), and the upstream records when each
     * is polled. Figures: the time to poll every user once from that moment, the gap between a user's first and
     * second polls, CPU of Hearth and of MariaDB, MariaDB's statements per second, and resident memory.
     */
    private void poller(HearthServer hearth, Upstream upstream) throws Exception {
        Matcher port =
                Pattern.compile("embedded MariaDB at 127\\.0\\.0\\.1:(\\d+)").matcher(hearth.log());
        if (!port.find()) {
            throw new IllegalStateException("The launcher did not say where its embedded MariaDB listens");
        }
        String jdbc = "jdbc:mariadb://127.0.0.1:" + port.group(1) + "/hearth";
        String password = Files.readString(hearth.dataDir().resolve("mariadb/hearth.password"))
                .strip();
        Cpu cpu = new Cpu(hearth.process());
        long questions = questions(jdbc, password);
        dev.hearth.connections.BenchSeed.connectedUsers(
                jdbc,
                password,
                hearth.dataDir().resolve("encryption.key"),
                "poll-",
                POLLED_USERS,
                "bench",
                upstream.uri());
        long seeded = System.nanoTime();
        long peakRss = 0;
        long deadline = seeded + POLL_WAIT.toNanos();
        while (polled(upstream, 1) < POLLED_USERS && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            peakRss = Math.max(peakRss, hearth.residentMiB()[0]);
        }
        int once = polled(upstream, 1);
        double round = (lastFirstPoll(upstream) - seeded) / 1e9;
        double[] used = cpu.used();
        double statements = (questions(jdbc, password) - questions) / round;
        while (polled(upstream, 2) < POLLED_USERS && System.nanoTime() < deadline + POLL_WAIT.toNanos()) {
            Thread.sleep(1000);
            peakRss = Math.max(peakRss, hearth.residentMiB()[0]);
        }
        List<Double> gaps = new ArrayList<>();
        upstream.polls.forEach((token, times) -> {
            if (token.startsWith("tok-poll-") && times.size() >= 2) {
                gaps.add((times.get(1) - times.get(0)) / 1e9);
            }
        });
        add(new Row(
                "poller: " + String.format(Locale.ROOT, "%,d", POLLED_USERS) + " users due at once, 50 ms source",
                "every user within 60 s",
                once == POLLED_USERS
                        ? String.format(Locale.ROOT, "all in %.1f s (%.0f polls/s)", round, POLLED_USERS / round)
                        : String.format(Locale.ROOT, "only %,d in %.0f s", once, POLL_WAIT.toSeconds()),
                String.format(Locale.ROOT, "keeps up with about %,.0f users at a 60 s interval", once / round * 60)));
        add(new Row(
                "poller: gap between a user's 1st and 2nd poll (interval 60 s)",
                "≤ 60 s",
                gaps.isEmpty() ? "no second polls" : spreadSeconds(gaps),
                gaps.size() + " users polled twice"));
        add(new Row(
                "poller: CPU while polling (1.0 = one core), Hearth / MariaDB",
                "reported",
                String.format(Locale.ROOT, "%.2f / %.2f", used[0], used[1]),
                String.format(Locale.ROOT, "MariaDB %.0f statements/s", statements)));
        add(new Row("poller: peak resident memory of the JVM", "≤ 450 MiB", peakRss + " MiB", ""));
    }

    /** How many of the polled users the upstream has seen at least {@code times} times. */
    private static int polled(Upstream upstream, int times) {
        return (int) upstream.polls.entrySet().stream()
                .filter(e -> e.getKey().startsWith("tok-poll-") && e.getValue().size() >= times)
                .count();
    }

    private static long lastFirstPoll(Upstream upstream) {
        return upstream.polls.entrySet().stream()
                .filter(e -> e.getKey().startsWith("tok-poll-"))
                .mapToLong(e -> e.getValue().get(0))
                .max()
                .orElseThrow();
    }

    /** MariaDB's count of statements the clients sent. */
    private static long questions(String jdbc, String password) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbc, "hearth", password);
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("show global status like 'Questions'")) {
            row.next();
            return row.getLong(2);
        }
    }

    /** CPU time of the Hearth JVM and of its children (mariadbd) since this was made, as shares of one core. */
    private static final class Cpu {
        private final ProcessHandle hearth;
        private final long start = System.nanoTime();
        private final double[] before;

        Cpu(ProcessHandle hearth) throws IOException {
            this.hearth = hearth;
            this.before = seconds();
        }

        double[] used() throws IOException {
            double[] now = seconds();
            double wall = (System.nanoTime() - start) / 1e9;
            return new double[] {(now[0] - before[0]) / wall, (now[1] - before[1]) / wall};
        }

        private double[] seconds() throws IOException {
            double children = 0;
            for (ProcessHandle child : hearth.descendants().toList()) {
                children += cpuSeconds(child.pid());
            }
            return new double[] {cpuSeconds(hearth.pid()), children};
        }

        /** User plus system time from {@code /proc/<pid>/stat}, in clock ticks of 1/100 s. */
        private static double cpuSeconds(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        }
    }

    /** Milliseconds an action took. */
    private static double timed(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static String spread(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "%.1f ms median, %.1f ms p90",
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() * 9 / 10));
    }

    private static String spreadSeconds(List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "%.1f s median, %.1f s p90, %.1f s max",
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() * 9 / 10),
                sorted.get(sorted.size() - 1));
    }

    private static Load.Result load(HearthServer hearth, String path, String token)
            throws InterruptedException, IOException {
        return Load.run(hearth.uri(path), token, CONNECTIONS, WARM_UP, MEASURED);
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
