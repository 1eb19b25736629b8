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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small upstream on 127.0.0.1 for the connection and dashboard tests, speaking bearer-token JSON:
 * {@code GET /api/me} answers the account of an accepted token, {@code GET /api/items} its items, both 401 with an
 * OAuth-style error body for any other token; {@code /html/api/me} answers HTML where JSON is expected;
 * {@code /api/hang} answers only after 20 seconds. It counts the calls per token and records the headers it saw.
 */
final class FakeUpstream implements AutoCloseable {

    static final String GOOD_TOKEN = "good-token-123";

    private final HttpServer server;
    private final Map<String, String> accounts = new ConcurrentHashMap<>(Map.of(GOOD_TOKEN, "Jane Doe"));
    private final Map<String, AtomicInteger> itemCalls = new ConcurrentHashMap<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/me", this::me);
        server.createContext("/api/items", this::items);
        server.createContext("/api/search", this::search);
        server.createContext("/api/notifications", this::notifications);
        server.createContext("/api/hang", exchange -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, "application/json", "[]");
        });
        server.createContext("/html/api/me", exchange -> send(exchange, 200, "text/html",
                "<!DOCTYPE html><html><body>Login</body></html>"));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Accepts another token, for an account of this name. */
    void accept(String token, String name) {
        accounts.put(token, name);
    }

    /** Revokes a token: from now on it gets 401. */
    void revoke(String token) {
        accounts.remove(token);
    }

    int itemCalls(String token) {
        return itemCalls.computeIfAbsent(token, t -> new AtomicInteger()).get();
    }

    private String token(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
    }

    private void me(HttpExchange exchange) throws IOException {
        String name = accounts.get(token(exchange));
        if (name == null) {
            refuse(exchange);
        } else {
            send(exchange, 200, "application/json", "{\"id\":\"u-" + Math.abs(name.hashCode()) + "\",\"name\":\"" + name + "\"}");
        }
    }

    private void items(HttpExchange exchange) throws IOException {
        String token = token(exchange);
        itemCalls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        if (!accounts.containsKey(token)) {
            refuse(exchange);
            return;
        }
        send(exchange, 200, "application/json", """
                [{"id":"17","title":"Quarterly report","unread":2,"updated":"2026-11-24T09:30:00Z"},
                 {"id":"18","title":"<script>alert(1)</script>","unread":0,"updated":"2026-11-24T08:00:00Z"}]""");
    }

    /** Documents whose title contains {@code q}, {@code limit} at a time from offset {@code cursor}. */
    private void search(HttpExchange exchange) throws IOException {
        if (!accounts.containsKey(token(exchange))) {
            refuse(exchange);
            return;
        }
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : String.valueOf(exchange.getRequestURI().getRawQuery()).split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        lastSearchLimit = Integer.parseInt(query.getOrDefault("limit", "0"));
        String term = query.getOrDefault("q", "").toLowerCase(java.util.Locale.ROOT);
        List<String> hits = List.of("Annual report 2025", "Report template", "Travel report", "Budget", "Report archive")
                .stream().filter(t -> t.toLowerCase(java.util.Locale.ROOT).contains(term)).toList();
        int from = Integer.parseInt(query.getOrDefault("cursor", "0"));
        int to = Math.min(hits.size(), from + lastSearchLimit);
        StringBuilder json = new StringBuilder("{\"results\":[");
        for (int i = from; i < to; i++) {
            json.append(i > from ? "," : "").append("{\"id\":").append(i).append(",\"title\":\"").append(hits.get(i))
                    .append("\",\"project\":\"Demo\"}");
        }
        json.append("],\"next\":").append(to < hits.size() ? "\"" + to + "\"" : "null").append('}');
        send(exchange, 200, "application/json", json.toString());
    }

    volatile int lastSearchLimit;

    private final Map<String, List<String>> feeds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> feedCalls = new ConcurrentHashMap<>();
    final List<String> markedRead = new CopyOnWriteArrayList<>();

    /** Adds a notification to a token's feed. */
    void notify(String token, String id, String title) {
        feeds.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add("{\"id\":\"" + id + "\",\"title\":\""
                + title + "\",\"body\":\"Open it to read more\",\"actor\":\"Alice\",\"time\":\"2026-11-24T10:00:00Z\"}");
    }

    int feedCalls(String token) {
        return feedCalls.computeIfAbsent(token, t -> new AtomicInteger()).get();
    }

    /**
     * {@code GET /api/notifications}: the whole feed every time (so Hearth must drop what it has), with a cursor;
     * {@code POST /api/notifications/<id>/read} marks one read.
     */
    private void notifications(HttpExchange exchange) throws IOException {
        String token = token(exchange);
        if (!accounts.containsKey(token)) {
            refuse(exchange);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/read")) {
            markedRead.add(token + ":" + path.substring("/api/notifications/".length(), path.length() - "/read".length()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        feedCalls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        send(exchange, 200, "application/json", "{\"items\":[" + String.join(",", feeds.getOrDefault(token, List.of()))
                + "],\"next\":\"cursor-" + feeds.getOrDefault(token, List.of()).size() + "\"}");
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        send(exchange, 401, "application/json", "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}");
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
