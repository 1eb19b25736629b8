package dev.hearth.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hearth as a newcomer runs it: {@code java -jar webapp/target/hearth.jar} in a process of its own, with its
 * embedded MariaDB, on a free port bound to 127.0.0.1. The data directory survives {@link #restart()}.
 */
public final class HearthServer implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path dataDir;
    private final Path pluginDir;
    private final Path log;
    private Process process;
    private int port;

    private final Map<String, String> extraEnv;

    /** A value of the extra environment that stands for this server's own URL, {@code http://127.0.0.1:<port>}. */
    static final String SELF = "{hearth}";

    public HearthServer(Path workDir, Map<String, String> extraEnv) throws IOException {
        this.extraEnv = extraEnv;
        this.dataDir = Files.createDirectories(workDir.resolve("data"));
        this.pluginDir = Files.createDirectories(workDir.resolve("plugins"));
        this.log = workDir.resolve("hearth.log");
    }

    public Path pluginDir() {
        return pluginDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running Hearth JVM (its embedded mariadbd is a child). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Start-up time to ready, in seconds, as the launcher measured it. */
    public double lastStartSeconds;

    public void start() throws IOException, InterruptedException {
        port = freePort();
        Path jar = Path.of(System.getProperty("hearth.jar", "../target/hearth.jar"))
                .toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("HEARTH_"));
        env.put("HEARTH_PORT", Integer.toString(port));
        env.put("HEARTH_BIND_ADDRESS", "127.0.0.1");
        env.put("HEARTH_DATA_DIR", dataDir.toString());
        env.put("HEARTH_PLUGIN_DIR", pluginDir.toString());
        env.put("HEARTH_ADMIN_USER", "admin");
        env.put("HEARTH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        extraEnv.forEach((name, value) -> env.put(name, value.replace(SELF, "http://127.0.0.1:" + port)));
        long logStart = logLength();
        process = builder.start();
        waitUntilReady(logStart);
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    private void waitUntilReady(long logStart) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Pattern ready = Pattern.compile("Hearth is ready on \\S+ after ([0-9.]+) s");
        while (System.nanoTime() < deadline) {
            String output = logSince(logStart);
            Matcher m = ready.matcher(output);
            if (m.find()) {
                lastStartSeconds = Double.parseDouble(m.group(1));
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Hearth exited with " + process.exitValue() + ":\n" + tail(output));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "Hearth was not ready after " + START_TIMEOUT + ":\n" + tail(logSince(logStart)));
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the launcher stops Payara, then MariaDB
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Kills the JVM at once (SIGKILL), as a crash or the kernel's OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Where the log ends now: a mark for {@link #logSince}. */
    long logLength() throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** What the log says after a mark taken with {@link #logLength}. */
    String logSince(long offset) throws IOException {
        String all = log();
        byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
        return offset >= bytes.length
                ? ""
                : new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
    }

    /** The last 60 lines: what a failure message shows of a log. */
    static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Resident memory in MiB of the Hearth JVM alone, and with its embedded mariadbd (a child process). */
    public long[] residentMiB() throws IOException {
        long jvm = rssKiB(process.pid());
        long all = jvm;
        for (ProcessHandle child : process.descendants().toList()) {
            all += rssKiB(child.pid());
        }
        return new long[] {jvm / 1024, all / 1024};
    }

    /**
     * The largest share of one CPU that any single thread of the Hearth JVM used during the window (0 to 1): a
     * thread caught in a loop shows as about 1, an idle server well below.
     */
    double busiestThread(Duration window) throws IOException, InterruptedException {
        Map<String, Long> before = threadCpuTicks();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        Map<String, Long> after = threadCpuTicks();
        double seconds = (System.nanoTime() - start) / 1e9;
        long most = after.entrySet().stream()
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                .max()
                .orElse(0);
        return most / CLOCK_TICKS_PER_SECOND / seconds;
    }

    /** {@code /proc} counts CPU time in clock ticks, 100 a second on Linux (USER_HZ). */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** User plus system CPU time of each thread of the JVM, in clock ticks, by thread id. */
    private Map<String, Long> threadCpuTicks() throws IOException {
        Map<String, Long> ticks = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue;
                }
                // pid (comm) state ppid ... utime stime: fields 14 and 15, counted after the name in parentheses
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        }
        return ticks;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    /** A JDBC connection to the embedded database, as Hearth's own user. */
    Connection database() throws IOException, SQLException {
        return DriverManager.getConnection(databaseUrl(), "hearth", databasePassword());
    }

    /** The JDBC URL of this server's embedded MariaDB, for a second instance or the tests. */
    String databaseUrl() throws IOException {
        Matcher m = Pattern.compile("Embedded MariaDB is listening on 127\\.0\\.0\\.1:(\\d+)")
                .matcher(log());
        String port = null;
        while (m.find()) {
            port = m.group(1);
        }
        return "jdbc:mariadb://127.0.0.1:" + port + "/hearth";
    }

    String databasePassword() throws IOException {
        return Files.readString(dataDir.resolve("mariadb/hearth.password")).strip();
    }

    String encryptionKey() throws IOException {
        return Files.readString(dataDir.resolve("encryption.key")).strip();
    }

    /** A port free on loopback now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
