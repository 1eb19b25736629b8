package dev.hearth.connections;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP server on 127.0.0.1 that answers every request with the JSON body and status the test sets, and keeps the
 * last request.
 */
final class AnsweringServer implements AutoCloseable {

    private final HttpServer server;
    volatile int status = 200;
    volatile String body = "{}";
    /** The last request: method, path and body, as {@code POST /revoke token=…}. */
    volatile String lastRequest;
    /** When set, the body is sent one byte at a time, this many milliseconds apart. */
    volatile long trickleMillis;

    AnsweringServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            lastRequest =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try {
                for (int i = 0; i < bytes.length; i++) {
                    if (trickleMillis > 0) {
                        exchange.getResponseBody().flush();
                        Thread.sleep(trickleMillis);
                    }
                    exchange.getResponseBody().write(bytes[i]);
                }
            } catch (InterruptedException | IOException gone) {
                // the client gave up
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers this from now on. */
    void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
