package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.api.connect.UpstreamException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
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
            LoginFlowClient client = new LoginFlowClient(pool, TIMEOUT, 64 * 1024);

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
                    new LoginFlowClient(pool, TIMEOUT, 64 * 1024)
                            .start(named)
                            .loginUrl()
                            .toString());
            assertEquals("POST /index.php/login/v2 ", server.lastRequest);
        }
    }
}
