package dev.hearth.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small upstream on 127.0.0.1 for the connection tests: {@code GET /api/me} answers the account for the one
 * token it accepts ({@value #GOOD_TOKEN}) and 401 with an OAuth-style error body for any other;
 * {@code /html/api/me} answers an HTML page where JSON is expected. It records the Authorization headers it saw.
 */
final class FakeUpstream implements AutoCloseable {

    static final String GOOD_TOKEN = "good-token-123";

    private final HttpServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/me", this::me);
        server.createContext("/html/api/me", exchange -> send(exchange, 200, "text/html",
                "<!DOCTYPE html><html><body>Login</body></html>"));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void me(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        if (("Bearer " + GOOD_TOKEN).equals(authorization)) {
            send(exchange, 200, "application/json", "{\"id\":\"u-42\",\"name\":\"Jane Doe\",\"email\":\"jane@example.com\"}");
        } else {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            send(exchange, 401, "application/json", "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
