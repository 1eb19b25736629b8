package dev.hearth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.connections.HostHttpClients;
import dev.hearth.connections.UpstreamPool;
import dev.hearth.connections.UrlGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MicroProfile Rest Clients Hearth hands plugins connect through the plugin's pool: to the addresses its guard
 * resolved for that very connection, never to what a second lookup might answer.
 */
class RestClientPoolTest {

    /** A plugin's view of its upstream, as small as it gets. */
    @Path("/")
    public interface Probe {
        @GET
        @Path("probe")
        @Produces("application/json")
        String probe();

        @GET
        @Path("whoami")
        @Produces("text/plain")
        String whoami();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/probe", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/whoami", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = (authorization == null ? "nobody" : authorization).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI at(String host) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name that no DNS server knows reaches the server through the guard's answer: the pool's resolver is used. */
    @Test
    void aPluginsClientConnectsToWhatTheGuardResolved() {
        UrlGuard guard = new UrlGuard(List.of("127.0.0.1"), List.of("*"), host -> {
            if (!host.equals("upstream.example")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {address("127.0.0.1")};
        });
        try (UpstreamPool pool = new UpstreamPool(guard, TIMEOUT, TIMEOUT)) {
            Probe probe = new HostHttpClients(pool, null, TIMEOUT, TIMEOUT, 64 * 1024)
                    .create(Probe.class, at("upstream.example"));

            assertEquals("{\"ok\":true}", probe.probe());
            assertEquals(1, requests.get());
        }
    }

    /**
     * The users of a plugin share the Rest Client built for an API and base URI, yet each call carries only its own
     * user's credential, however many run at once, and a call without a credential carries none.
     */
    @Test
    void usersShareAClientYetEachCallCarriesOnlyItsOwnCredential() throws Exception {
        UrlGuard guard = new UrlGuard(List.of("127.0.0.1"), List.of("*"), InetAddress::getAllByName);
        try (UpstreamPool pool = new UpstreamPool(guard, TIMEOUT, TIMEOUT)) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<List<String>>> mismatches = new ArrayList<>();
            for (int user = 0; user < 8; user++) {
                String token = "token-of-user-" + user;
                mismatches.add(threads.submit(() -> {
                    Probe mine = new HostHttpClients(
                                    pool, new Credential.Bearer(token), at("127.0.0.1"), TIMEOUT, TIMEOUT, 64 * 1024)
                            .create(Probe.class, at("127.0.0.1"));
                    Probe anonymous = new HostHttpClients(pool, null, TIMEOUT, TIMEOUT, 64 * 1024)
                            .create(Probe.class, at("127.0.0.1"));
                    List<String> wrong = new ArrayList<>();
                    for (int call = 0; call < 50; call++) {
                        String seen = mine.whoami();
                        if (!seen.equals("Bearer " + token)) {
                            wrong.add(seen);
                        }
                        String none = anonymous.whoami();
                        if (!none.equals("nobody")) {
                            wrong.add(none);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> wrong : mismatches) {
                assertEquals(List.of(), wrong.get());
            }
            threads.shutdown();
        }
    }

    /**
     * A server that closes a kept-alive connection right after answering on it (as a restarted server does, or one
     * that closes idle connections sooner than the pool checks them): the next GET, on that dead connection, is tried
     * again once on a new one instead of failing.
     */
    @Test
    void aGetOnAConnectionTheServerClosedIsTriedAgainOnANewOne() throws Exception {
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                UpstreamPool pool = new UpstreamPool(
                        new UrlGuard(List.of("127.0.0.1"), List.of("*"), InetAddress::getAllByName),
                        TIMEOUT,
                        TIMEOUT)) {
            AtomicInteger accepted = new AtomicInteger();
            Thread server = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (java.net.Socket socket = raw.accept()) {
                        accepted.incrementAndGet();
                        java.io.BufferedReader in = new java.io.BufferedReader(
                                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            // the request's head
                        }
                        socket.getOutputStream()
                                .write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                                                + "\r\n{\"ok\":true}")
                                        .getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        Thread.sleep(20); // then closed, without saying so in the answer
                    } catch (java.io.IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            server.start();
            URI uri = URI.create("http://127.0.0.1:" + raw.getLocalPort());
            Probe probe = new HostHttpClients(pool, null, TIMEOUT, TIMEOUT, 64 * 1024).create(Probe.class, uri);

            assertEquals("{\"ok\":true}", probe.probe());
            Thread.sleep(50); // the server has closed the connection; the pool checks it only after 100 ms idle
            assertEquals("{\"ok\":true}", probe.probe());
            assertEquals(2, accepted.get(), "the second GET went out again on a new connection");
            server.join(5000);
        }
    }

    /** A name that answers public to the check and loopback to the connection's lookup reaches nothing. */
    @Test
    void aPluginsClientCannotBeRebound() {
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard guard = new UrlGuard(List.of(), List.of("*"), host ->
                new InetAddress[] {address(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")});
        try (UpstreamPool pool = new UpstreamPool(guard, TIMEOUT, TIMEOUT)) {
            Probe probe = new HostHttpClients(pool, null, TIMEOUT, TIMEOUT, 64 * 1024)
                    .create(Probe.class, at("rebinding.example"));

            UpstreamException refused = assertThrows(UpstreamException.class, probe::probe);

            assertEquals(UpstreamException.Kind.NOT_ALLOWED, refused.kind(), refused.getMessage());
            assertEquals(0, requests.get(), "nothing reached the internal server");
        }
    }
}
