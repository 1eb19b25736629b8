package dev.hearth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Your upstream, played on 127.0.0.1 for a plugin's tests: answers you script per method and path, every request
 * recorded, and the faults a real server has, on demand. Script it from the upstream's documentation and from
 * answers captured from a real server, not from your plugin's code.
 *
 * <pre>{@code
 * try (FakeUpstream upstream = FakeUpstream.start()) {
 *     upstream.answer("GET", "/api/me", 200, "application/json", "{\"id\":\"7\",\"name\":\"Jane\"}");
 *     ...
 *     assertEquals("Bearer t0ken", upstream.requests().get(0).header("Authorization"));
 * }
 * }</pre>
 */
public final class FakeUpstream implements AutoCloseable {

    /** What a faulty upstream does instead of answering as scripted. */
    public enum Fault {
        /** 401 with a {@code WWW-Authenticate} challenge: the credential was revoked. */
        UNAUTHORIZED,
        /** 500 with an HTML error page. */
        SERVER_ERROR,
        /** 200 {@code application/json} whose body is an HTML page. */
        GARBAGE,
        /** 200 {@code application/json} whose body ends in the middle of an array. */
        CUT_SHORT,
        /** Answers only after 30 seconds, longer than any timeout of Hearth's. */
        SLOW,
        /** Sends its headers at once, then a JSON body one byte every 50 ms (some 15 seconds in all). */
        TRICKLE
    }

    /** One request as the fake received it. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        /**
         * @param name a header name, in any case
         * @return its first value, or {@code null}
         */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** One answer. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {
        /**
         * @param status the HTTP status
         * @param contentType its media type, or {@code null} for none
         * @param body the body, or {@code null} for none
         */
        public Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Fault fault;

    private FakeUpstream(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts a fake on a free port of 127.0.0.1.
     *
     * @return the running fake; close it when done
     */
    public static FakeUpstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            FakeUpstream fake = new FakeUpstream(server);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base URL, {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Answers every request of this method and path (without query) the same way.
     *
     * @param method the HTTP method
     * @param path the path, for example {@code /api/v3/users/me}
     * @param status the status
     * @param contentType the media type of the body
     * @param body the body
     * @return this fake
     */
    public FakeUpstream answer(String method, String path, int status, String contentType, String body) {
        return on(method, path, request -> new Answer(status, contentType, body));
    }

    /**
     * Answers requests of this method and path as the function says; it sees the request.
     *
     * @param method the HTTP method
     * @param path the path, without query
     * @param answer makes the answer
     * @return this fake
     */
    public FakeUpstream on(String method, String path, Function<Request, Answer> answer) {
        routes.put(method + " " + path, answer);
        return this;
    }

    /**
     * From now on, every request meets this fault instead of its scripted answer; {@code null} ends it.
     *
     * @param fault the fault
     */
    public void fault(Fault fault) {
        this.fault = fault;
    }

    /** @return every request so far, oldest first */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            requests.add(request);
            Fault now = fault;
            Answer answer = now != null
                    ? faulty(now)
                    : routes.getOrDefault(
                                    request.method() + " " + request.path(),
                                    r -> new Answer(404, "text/html", "<html><body>Not Found</body></html>"))
                            .apply(request);
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (now == Fault.TRICKLE) {
                    for (byte b : bytes) {
                        out.write(b);
                        out.flush();
                        sleep(Duration.ofMillis(50));
                    }
                } else {
                    out.write(bytes);
                }
            }
        }
    }

    private static Answer faulty(Fault fault) {
        return switch (fault) {
            case UNAUTHORIZED -> new Answer(
                    401,
                    "application/json",
                    "{\"error\":\"invalid_token\"}",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
            case SERVER_ERROR -> new Answer(500, "text/html", "<html><body>Internal Server Error</body></html>");
            case GARBAGE -> new Answer(200, "application/json", "<!DOCTYPE html><html><body>Login</body></html>");
            case CUT_SHORT -> new Answer(200, "application/json", "{\"items\": [{\"id\": 1, \"extra\": [1, 2");
            case TRICKLE -> new Answer(200, "application/json", "{\"padding\":\"" + "x".repeat(300) + "\"}");
            case SLOW -> {
                sleep(Duration.ofSeconds(30));
                yield new Answer(200, "application/json", "{}");
            }
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server: from now on connections to it are refused, as with an upstream that is down. */
    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
