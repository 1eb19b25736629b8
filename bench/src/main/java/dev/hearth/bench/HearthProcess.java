package dev.hearth.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hearth as an operator starts it: {@code java -jar hearth.jar} on its embedded defaults (an embedded MariaDB in the
 * data directory), on a free port of 127.0.0.1, timed from outside until {@code /health/ready} answers 200.
 */
final class HearthProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path jar;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;

    HearthProcess(Path jar, Path workDir) throws IOException {
        this.jar = jar;
        this.dataDir = Files.createDirectories(workDir.resolve("data"));
        this.log = workDir.resolve("hearth.log");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
        }
    }

    /** Starts Hearth and waits until it is ready; answers the seconds that took. */
    double start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("HEARTH_"));
        env.put("HEARTH_PORT", Integer.toString(port));
        env.put("HEARTH_BIND_ADDRESS", "127.0.0.1");
        env.put("HEARTH_DATA_DIR", dataDir.toString());
        env.put("HEARTH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long started = System.nanoTime();
        process = builder.start();
        HttpRequest ready = HttpRequest.newBuilder(uri("/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = started + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Hearth exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - started) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Hearth was not ready after " + START_TIMEOUT + "; see " + log);
    }

    /** SIGTERM, as an operator stops it; the launcher stops Payara, then MariaDB. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Resident memory in MiB of the Hearth JVM, and of its embedded mariadbd (its child processes). */
    long[] residentMiB() throws IOException {
        long database = 0;
        for (ProcessHandle child : process.descendants().toList()) {
            database += rssKiB(child.pid());
        }
        return new long[] {rssKiB(process.pid()) / 1024, database / 1024};
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
