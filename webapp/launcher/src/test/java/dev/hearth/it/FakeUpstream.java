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
        server.createContext("/api/slow", exchange -> {
            long ms = Long.parseLong(query(exchange).getOrDefault("ms", "200"));
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, "application/json", "[{\"id\":\"1\",\"title\":\"Slow item\"}]");
        });
        server.createContext("/api/notifications", this::notifications);
        server.createContext("/oauth/authorize", this::authorize);
        server.createContext("/oauth/token", this::tokenEndpoint);
        server.createContext("/api/hang", exchange -> {
            hangCalls.incrementAndGet();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, "application/json", "[]");
        });
        server.createContext(
                "/html/api/me",
                exchange -> send(exchange, 200, "text/html", "<!DOCTYPE html><html><body>Login</body></html>"));
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

    /**
     * From now on, answers this token's items, search and notification requests with this body (200,
     * {@code application/json}), however broken: an upstream that cuts its answer short.
     */
    void answerWith(String token, String body) {
        rawAnswers.put(token, body);
    }

    private final Map<String, String> rawAnswers = new ConcurrentHashMap<>();

    private final AtomicInteger hangCalls = new AtomicInteger();

    /** Requests that reached {@code /api/hang} (which answers after 20 s). */
    int hangCalls() {
        return hangCalls.get();
    }

    /** How an upstream fails: no answer, a 5xx with an HTML page, an answer that never ends. */
    enum Fault {
        HANG,
        SERVER_ERROR,
        TRICKLE
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    /** From now on, fails this token's items requests so. */
    void fail(String token, Fault fault) {
        faults.put(token, fault);
    }

    /** Fails the request if a fault is set for the token: answers whether it did. */
    private boolean failed(HttpExchange exchange, String token) throws IOException {
        Fault fault = faults.get(token);
        if (fault == null) {
            return false;
        }
        switch (fault) {
            case HANG -> pause(60_000);
            case SERVER_ERROR -> send(
                    exchange, 503, "text/html", "<html><body><h1>503 Service Unavailable</h1>Back soon.</body></html>");
            case TRICKLE -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                try (var body = exchange.getResponseBody()) {
                    body.write('[');
                    for (int i = 0; i < 600; i++) { // a byte a second, for ten minutes
                        body.write(' ');
                        body.flush();
                        pause(1000);
                    }
                } catch (IOException clientGone) {
                    // Hearth gave up on the answer
                }
            }
        }
        exchange.close();
        return true;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the body set by {@link #answerWith} for this token, if there is one. */
    private boolean sentRaw(HttpExchange exchange, String token) throws IOException {
        String raw = rawAnswers.get(token);
        if (raw != null) {
            send(exchange, 200, "application/json", raw);
        }
        return raw != null;
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
            send(
                    exchange,
                    200,
                    "application/json",
                    "{\"id\":\"u-" + Math.abs(name.hashCode()) + "\",\"name\":\"" + name + "\"}");
        }
    }

    private void items(HttpExchange exchange) throws IOException {
        String token = token(exchange);
        itemCalls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        if (!accounts.containsKey(token)) {
            refuse(exchange);
            return;
        }
        if (sentRaw(exchange, token) || failed(exchange, token)) {
            return;
        }
        send(
                exchange,
                200,
                "application/json",
                """
                [{"id":"17","title":"Quarterly report","unread":2,"updated":"2026-11-24T09:30:00Z"},
                 {"id":"18","title":"<script>alert(1)</script>","unread":0,"updated":"2026-11-24T08:00:00Z"}]""");
    }

    /** Documents whose title contains {@code q}, {@code limit} at a time from offset {@code cursor}. */
    private void search(HttpExchange exchange) throws IOException {
        String token = token(exchange);
        if (!accounts.containsKey(token)) {
            refuse(exchange);
            return;
        }
        if (sentRaw(exchange, token)) {
            return;
        }
        Map<String, String> query = query(exchange);
        lastSearchLimit = Integer.parseInt(query.getOrDefault("limit", "0"));
        String term = query.getOrDefault("q", "").toLowerCase(java.util.Locale.ROOT);
        List<String> hits =
                List.of("Annual report 2025", "Report template", "Travel report", "Budget", "Report archive").stream()
                        .filter(t -> t.toLowerCase(java.util.Locale.ROOT).contains(term))
                        .toList();
        int from = Integer.parseInt(query.getOrDefault("cursor", "0"));
        int to = Math.min(hits.size(), from + lastSearchLimit);
        StringBuilder json = new StringBuilder("{\"results\":[");
        for (int i = from; i < to; i++) {
            json.append(i > from ? "," : "")
                    .append("{\"id\":")
                    .append(i)
                    .append(",\"title\":\"")
                    .append(hits.get(i))
                    .append("\",\"project\":\"Demo\"}");
        }
        json.append("],\"next\":")
                .append(to < hits.size() ? "\"" + to + "\"" : "null")
                .append('}');
        send(exchange, 200, "application/json", json.toString());
    }

    volatile int lastSearchLimit;

    // OAuth 2.0 authorization server (RFC 6749 with PKCE, rotating refresh tokens)
    static final String CLIENT_ID = "hearth-client";
    static final String CLIENT_SECRET = "hearth-client-secret";

    private record Grant(String redirectUri, String challenge, String user) {}

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger refreshes = new AtomicInteger();
    /** Lifetime in seconds of the next access tokens issued for a code (refreshed ones live an hour). */
    volatile long codeTokenLifetime = 3600;
    /** The user who "signs in and consents" at the authorization endpoint next. */
    volatile String consentingUser = "Olivia OAuth";

    int refreshes() {
        return refreshes.get();
    }

    /** How long the token endpoint takes to answer a refresh: slow, it widens the window for concurrent ones. */
    volatile java.time.Duration refreshDelay = java.time.Duration.ofMillis(300);

    private final AtomicInteger refreshRequests = new AtomicInteger();

    /** Refresh requests that arrived, answered or not. */
    int refreshRequests() {
        return refreshRequests.get();
    }

    /** Revokes every refresh token of a user: their next refresh gets invalid_grant. */
    void revokeRefreshTokens(String user) {
        refreshTokens.values().removeIf(user::equals);
    }

    /** GET /oauth/authorize: the user signs in and consents at once; redirects back with a code and the state. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange);
        if (!CLIENT_ID.equals(q.get("client_id"))
                || q.get("redirect_uri") == null
                || !"code".equals(q.get("response_type"))
                || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null) {
            send(exchange, 400, "text/plain", "invalid_request");
            return;
        }
        String code = java.util.UUID.randomUUID().toString();
        codes.put(code, new Grant(q.get("redirect_uri"), q.get("code_challenge"), consentingUser));
        exchange.getResponseHeaders()
                .add(
                        "Location",
                        q.get("redirect_uri") + "?code=" + code + "&state="
                                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** POST /oauth/token: authorization_code (checks client, redirect URI, PKCE) and refresh_token (rotates). */
    private void tokenEndpoint(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        String user;
        long lifetime = 3600;
        if ("authorization_code".equals(form.get("grant_type"))) {
            Grant grant = codes.remove(String.valueOf(form.get("code")));
            if (grant == null
                    || !grant.redirectUri().equals(form.get("redirect_uri"))
                    || !grant.challenge().equals(s256(String.valueOf(form.get("code_verifier"))))) {
                send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
                return;
            }
            user = grant.user();
            lifetime = codeTokenLifetime;
        } else if ("refresh_token".equals(form.get("grant_type"))) {
            refreshRequests.incrementAndGet();
            try {
                Thread.sleep(refreshDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            user = refreshTokens.remove(String.valueOf(form.get("refresh_token")));
            if (user == null) {
                send(
                        exchange,
                        400,
                        "application/json",
                        "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token is invalid\"}");
                return;
            }
            refreshes.incrementAndGet();
        } else {
            send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String access = "at-" + java.util.UUID.randomUUID();
        String refresh = "rt-" + java.util.UUID.randomUUID();
        accounts.put(access, user);
        refreshTokens.put(refresh, user);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        send(
                exchange,
                200,
                "application/json",
                "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\"," + "\"expires_in\":" + lifetime
                        + ",\"refresh_token\":\"" + refresh + "\",\"scope\":\"read\"}");
    }

    private static String s256(String verifier) {
        try {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return parse(String.valueOf(exchange.getRequestURI().getRawQuery()));
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(
                    java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private final Map<String, List<String>> feeds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> feedCalls = new ConcurrentHashMap<>();
    final List<String> markedRead = new CopyOnWriteArrayList<>();

    private final AtomicInteger minute = new AtomicInteger();

    /** Adds a notification to a token's feed; each one happened a minute after the one before. */
    void notify(String token, String id, String title) {
        String time = java.time.Instant.parse("2026-11-24T10:00:00Z")
                .plusSeconds(60L * minute.incrementAndGet())
                .toString();
        feeds.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>())
                .add("{\"id\":\"" + id + "\",\"title\":\"" + title
                        + "\",\"body\":\"Open it to read more\",\"actor\":\"Alice\",\"time\":\"" + time + "\"}");
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
            markedRead.add(
                    token + ":" + path.substring("/api/notifications/".length(), path.length() - "/read".length()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        feedCalls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        if (sentRaw(exchange, token)) {
            return;
        }
        send(
                exchange,
                200,
                "application/json",
                "{\"items\":[" + String.join(",", feeds.getOrDefault(token, List.of())) + "],\"next\":\"cursor-"
                        + feeds.getOrDefault(token, List.of()).size() + "\"}");
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        send(
                exchange,
                401,
                "application/json",
                "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}");
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
