package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.connect.UpstreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connections go to the addresses the guard passed, resolved for that very connection. */
class UpstreamPoolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String LOGIN = "{\"poll\":{\"token\":\"t\",\"endpoint\":\"%s/poll\"},\"login\":\"%s/flow\"}";

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    /**
     * A name that answers a public address to the first lookup (the check) and the loopback address to the next (a
     * zero-TTL rebinding server): the connection is refused, and nothing reaches the internal server.
     */
    @Test
    void aNameThatRebindsToAnInternalAddressReachesNothing() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard guard = new UrlGuard(List.of(), List.of("*"), host ->
                new InetAddress[] {lookups.getAndIncrement() == 0 ? address("93.184.216.34") : address("127.0.0.1")});
        try (AnsweringServer internal = new AnsweringServer();
                UpstreamPool pool = new UpstreamPool(guard, TIMEOUT, TIMEOUT)) {
            URI rebinding =
                    URI.create("http://rebinding.example:" + internal.uri().getPort());
            LoginFlowClient client = new LoginFlowClient(pool, 64 * 1024);

            UpstreamException refused = assertThrows(UpstreamException.class, () -> client.start(rebinding));

            assertEquals(UpstreamException.Kind.NOT_ALLOWED, refused.kind(), refused.getMessage());
            assertEquals(2, lookups.get(), "the check, then the connection's own lookup");
            assertNull(internal.lastRequest);
        }
    }

    /** The connection is made to what the guard's resolver answered: a name no DNS server knows reaches the server. */
    @Test
    void theConnectionUsesTheAddressTheGuardResolved() throws Exception {
        UrlGuard guard = new UrlGuard(List.of("127.0.0.1"), List.of("*"), host -> {
            if (!host.equals("upstream.example")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {address("127.0.0.1")};
        });
        try (AnsweringServer server = new AnsweringServer();
                UpstreamPool pool = new UpstreamPool(guard, TIMEOUT, TIMEOUT)) {
            URI named = URI.create("http://upstream.example:" + server.uri().getPort());
            server.answer(200, LOGIN.formatted(named, named));

            assertEquals(
                    named + "/flow",
                    new LoginFlowClient(pool, 64 * 1024).start(named).loginUrl().toString());
            assertEquals("POST /index.php/login/v2 ", server.lastRequest);
        }
    }

    /** What a raw server writes to the one client it accepts, until the client goes away. */
    @FunctionalInterface
    private interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * Starts a server on 127.0.0.1 that answers one connection with {@code answer}, calls {@code client} with its URI,
     * and tells whether it was Hearth that ended the exchange (the server's writing failed) rather than the server.
     */
    private static boolean cutOffByHearth(Answer answer, java.util.function.Consumer<URI> client) throws Exception {
        AtomicBoolean cutOff = new AtomicBoolean();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread writer = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    answer.write(socket.getOutputStream());
                } catch (IOException gone) {
                    cutOff.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            client.accept(URI.create("http://127.0.0.1:" + server.getLocalPort()));
            writer.join();
        }
        return cutOff.get();
    }

    private static final UrlGuard LOOPBACK =
            new UrlGuard(List.of("127.0.0.1"), List.of("*"), InetAddress::getAllByName);

    /**
     * A server that sends its status line and then one byte of headers at a time, each well within the read timeout:
     * the exchange is ended at its deadline (connect timeout and twice the read timeout), not when the server stops.
     */
    @Test
    void headersThatTrickleAreCutOffAtTheDeadline() throws Exception {
        try (UpstreamPool pool = new UpstreamPool(LOOPBACK, Duration.ofMillis(500), Duration.ofMillis(500))) {
            boolean cutOff = cutOffByHearth(
                    out -> {
                        out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < 300; i++) { // 30 s, if nobody stops it
                            out.write('x');
                            out.flush();
                            Thread.sleep(100);
                        }
                    },
                    slow -> {
                        UpstreamException failure = assertThrows(
                                UpstreamException.class, () -> new LoginFlowClient(pool, 64 * 1024).start(slow));
                        assertEquals(UpstreamException.Kind.UNAVAILABLE, failure.kind(), failure.getMessage());
                    });
            assertTrue(cutOff, "Hearth closed the connection, not the server");
        }
    }

    /** An answer longer than the limit is refused and its connection dropped, not read to its (endless) end. */
    @Test
    void anEndlessAnswerIsDroppedAtTheLimit() throws Exception {
        try (UpstreamPool pool = new UpstreamPool(LOOPBACK, TIMEOUT, TIMEOUT)) {
            boolean cutOff = cutOffByHearth(
                    out -> {
                        out.write(
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                        byte[] chunk = ("1000\r\n" + " ".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        for (int i = 0; i < 100_000; i++) { // 400 MiB, if nobody stops it
                            out.write(chunk);
                        }
                    },
                    endless -> {
                        UpstreamException failure = assertThrows(
                                UpstreamException.class, () -> new LoginFlowClient(pool, 64 * 1024).start(endless));
                        assertEquals(UpstreamException.Kind.BAD_RESPONSE, failure.kind(), failure.getMessage());
                    });
            assertTrue(cutOff, "Hearth closed the connection instead of reading on");
        }
    }
}
