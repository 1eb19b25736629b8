package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.plugin.connect.OAuth2Flow;
import dev.hearth.plugin.connect.UpstreamException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How token endpoint refusals are read: which ones mean "connect again", which ones are the upstream's fault. */
class OAuth2ClientTest {

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(400);
    private OAuth2Client client;
    private OAuth2Flow flow;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = new OAuth2Client(UrlGuard.fromConfig("127.0.0.1"), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Clock.systemUTC());
        flow = new OAuth2Flow("Connect", base, base.resolve("/authorize"), base.resolve("/token"), "client", "secret",
                List.of(), true, Map.of(), (instance, http) -> null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private UpstreamException.Kind refreshFails(int httpStatus, String body) {
        status.set(httpStatus);
        answer.set(body);
        return assertThrows(UpstreamException.class, () -> client.refresh(flow, "old-refresh-token")).kind();
    }

    @Test
    void aDeadRefreshTokenMeansConnectAgain() {
        assertEquals(UpstreamException.Kind.UNAUTHORIZED, refreshFails(400, "{\"error\":\"invalid_grant\"}"));
        assertEquals(UpstreamException.Kind.UNAUTHORIZED, refreshFails(400, "{\"error\":\"invalid_request\"}"),
                "Nextcloud's answer to a refresh token it no longer knows");
        assertEquals(UpstreamException.Kind.UNAUTHORIZED, refreshFails(401, "{\"error\":\"invalid_client\"}"));
    }

    @Test
    void otherFailuresAreTheUpstreamsAndKeepTheConnection() {
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, refreshFails(500, "{\"error\":\"server_error\"}"));
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, refreshFails(502, "<html>Bad gateway</html>"));
        status.set(400);
        answer.set("{\"error\":\"invalid_request\"}");
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, assertThrows(UpstreamException.class,
                () -> client.exchange(flow, "code", URI.create("http://127.0.0.1/cb"), "verifier")).kind(),
                "a malformed code exchange is not a refused refresh");
    }

    @Test
    void aRotatedRefreshTokenIsKeptAndAMissingOneKeepsTheOld() {
        status.set(200);
        answer.set("{\"access_token\":\"a2\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"r2\"}");
        assertEquals("r2", client.refresh(flow, "r1").refreshToken());
        answer.set("{\"access_token\":\"a3\",\"token_type\":\"Bearer\"}");
        assertEquals("r1", client.refresh(flow, "r1").refreshToken());
    }
}
