package dev.hearth.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark plugin's upstream on 127.0.0.1: a bearer-token JSON API whose every answer comes after a set latency,
 * so that what Hearth adds can be told from what the upstream takes. {@code GET /api/me} answers the token's
 * account, {@code /api/items?widget=…} a widget's items, {@code /api/search?provider=…} a provider's results,
 * {@code /api/notifications?cursor=…} one new notification after the cursor; any other token gets 401. It records how
 * long it took over each answer (from the request read to the answer written) and when it was polled for each token.
 */
final class Upstream implements AutoCloseable {

    /** A latency that stands for never: the answer comes after the benchmark has ended. */
    static final Duration NEVER = Duration.ofMinutes(10);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "upstream");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    /** Service time of each answer to a path, in nanoseconds. */
    final Map<String, List<Long>> served = new ConcurrentHashMap<>();
    /** When each token's notifications were asked for ({@link System#nanoTime}). */
    final Map<String, List<Long>> polls = new ConcurrentHashMap<>();

    final AtomicLong notificationCalls = new AtomicLong();

    Upstream() throws IOException {
        // The JDK's server writes an answer's headers and body apart; with Nagle's algorithm on, the body waits for
        // the client's delayed ACK of the headers (40 ms on Linux), which would be counted as Hearth's time.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(threads);
        server.createContext("/api/", this::answer);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Sets how long the answers to a path ({@code items}, {@code search/<provider>}, {@code notifications}) take. */
    Upstream latency(String path, Duration latency) {
        latencies.put(path, latency);
        return this;
    }

    private void answer(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                send(exchange, 401, "{\"error\":\"invalid_token\"}");
                return;
            }
            String token = authorization.substring("Bearer ".length());
            Map<String, String> query = query(exchange.getRequestURI());
            String path = exchange.getRequestURI().getPath().substring("/api/".length());
            String key = path.equals("search") ? "search/" + query.get("provider") : path;
            String body =
                    switch (path) {
                        case "me" -> "{\"id\":\"" + token + "\",\"name\":\"User " + token + "\"}";
                        case "items" -> "[{\"id\":\"1\",\"title\":\"Item of " + query.get("widget") + "\"}]";
                        case "search" -> "[{\"id\":\"1\",\"title\":\"Found by " + query.get("provider") + "\"}]";
                        case "notifications" -> notifications(token, query.get("cursor"));
                        default -> null;
                    };
            if (body == null) {
                send(exchange, 404, "{\"error\":\"not_found\"}");
                return;
            }
            sleep(latencies.getOrDefault(key, Duration.ZERO));
            send(exchange, 200, body);
            served.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime() - start);
        }
    }

    private String notifications(String token, String cursor) {
        notificationCalls.incrementAndGet();
        polls.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        long next = cursor == null ? 1 : Long.parseLong(cursor) + 1;
        return "{\"items\":[{\"id\":\"" + next + "\",\"title\":\"Notification " + next + "\"}],\"next\":\"" + next
                + "\"}";
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void sleep(Duration latency) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
