package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A start with a mistake in its settings ends with one last line that says what is wrong and which setting to change;
 * the launcher checks what it can before Payara starts, so that most mistakes end within seconds.
 */
@ExtendWith(SharedHearth.class)
class StartupIT {

    /** How a start ended: the exit status, the last line, and how long it took. */
    private record Ended(int status, String lastLine, double seconds, String output) {}

    private Ended start(String name, Map<String, String> settings) throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("hearth.it.dir", "target/it"))
                .resolve("startup-" + name + "-" + System.currentTimeMillis()));
        Path jar = Path.of(System.getProperty("hearth.jar", "../target/hearth.jar"))
                .toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("hearth.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("HEARTH_"));
        env.put("HEARTH_BIND_ADDRESS", "127.0.0.1");
        env.put("HEARTH_PORT", Integer.toString(HearthServer.freePort()));
        env.put("HEARTH_DATA_DIR", work.resolve("data").toString());
        env.putAll(settings);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Hearth did not stop by itself");
        }
        String output = Files.readString(work.resolve("hearth.log"), StandardCharsets.UTF_8);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return new Ended(process.exitValue(), lines.get(lines.size() - 1), (System.nanoTime() - started) / 1e9, output);
    }

    private static void assertEndsWith(Ended ended, String... parts) {
        assertEquals(2, ended.status(), ended.output());
        assertTrue(ended.lastLine().contains("Hearth cannot start: "), ended.lastLine());
        for (String part : parts) {
            assertTrue(ended.lastLine().contains(part), () -> "'" + part + "' in: " + ended.lastLine());
        }
        System.out.printf("[startup] %.1f s: %s%n", ended.seconds(), ended.lastLine());
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Ended ended = start("port", Map.of("HEARTH_PORT", Integer.toString(taken.getLocalPort())));
            assertEndsWith(ended, "port " + taken.getLocalPort(), "HEARTH_PORT");
        }
    }

    @Test
    void aPortThatIsNoNumber() throws Exception {
        assertEndsWith(start("port-word", Map.of("HEARTH_PORT", "eighty")), "HEARTH_PORT is 'eighty'");
    }

    @Test
    void aDataDirectoryThatCannotBeWritten() throws Exception {
        Path file = Files.createTempFile("not-a-directory", "");
        Ended ended =
                start("data", Map.of("HEARTH_DATA_DIR", file.resolve("data").toString()));
        assertEndsWith(ended, "cannot write to the data directory", "HEARTH_DATA_DIR");
    }

    @Test
    void aDatabaseThatRefusesTheUser() throws Exception {
        Ended ended = start(
                "refused",
                Map.of(
                        "HEARTH_DB_URL", SharedHearth.server().databaseUrl(),
                        "HEARTH_DB_USER", "hearth",
                        "HEARTH_DB_PASSWORD", "not-the-password"));
        assertEndsWith(ended, "refused user 'hearth'", "Access denied", "HEARTH_DB_USER and HEARTH_DB_PASSWORD");
        assertFalse(ended.output().contains("not-the-password"), "the password is never logged");
        assertTrue(ended.seconds() < 30, "before Payara starts: " + ended.seconds() + " s");
    }

    @Test
    void aDatabaseThatIsNotThere() throws Exception {
        Ended ended = start(
                "unreachable",
                Map.of(
                        "HEARTH_DB_URL",
                        "jdbc:mariadb://127.0.0.1:" + HearthServer.freePort() + "/hearth?password=secret-in-url"));
        assertEndsWith(ended, "cannot reach the database", "password=***", "HEARTH_DB_URL");
        assertFalse(ended.output().contains("secret-in-url"), "the password is never logged");
    }

    @Test
    void anEncryptionKeyThatIsNotOne() throws Exception {
        HearthServer shared = SharedHearth.server();
        Map<String, String> settings = new HashMap<>(Map.of(
                "HEARTH_DB_URL",
                shared.databaseUrl(),
                "HEARTH_DB_USER",
                "hearth",
                "HEARTH_DB_PASSWORD",
                shared.databasePassword(),
                "HEARTH_ENCRYPTION_KEY",
                "k1:too-short"));
        Ended ended = start("key", settings);
        assertEndsWith(ended, "HEARTH_ENCRYPTION_KEY is not valid", "id:base64-of-32-random-bytes");
        assertFalse(ended.output().contains("too-short"), "the key is never logged");
    }

    @Test
    void aLogFormatThatIsNotOne() throws Exception {
        assertEndsWith(start("log", Map.of("HEARTH_LOG_FORMAT", "xml")), "HEARTH_LOG_FORMAT is 'xml'", "text or json");
    }
}
