package dev.hearth.it;

import static dev.hearth.it.Eventually.eventually;
import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15's abuse suite: Hearth attacked over its whole API as {@code /openapi} lists it, each test printing its
 * figures. A plain user reaches no administration and no other user's resources; bad credentials of every kind are
 * refused; server URLs that reach inside are refused and redirects are not followed; malformed input on every
 * operation is a client error with a problem body, never a server error; a password guesser locks nobody out; and no
 * secret the suite used shows up in Hearth's log or in any answer. The users it makes are called {@code abuse-…}.
 */
@Order(90)
@ExtendWith(SharedHearth.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseIT {

    /** Far longer than any answer here takes: a request that gets none fails on its own. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** Values for a path parameter or a query value, percent-encoded as they go on the wire. */
    private static final List<String> HOSTILE = List.of(
            "-1",
            "99999999999999999999",
            "%00",
            "..%2f..",
            "x".repeat(5000),
            "%C3%BC%F0%9F%92%A5", // ü💥
            "%27%3B%20DROP%20TABLE%20account%3B--");

    /** Query values a request of the operation plausibly carries; parameters not named here are left out. */
    private static final Map<String, String> PLAUSIBLE_QUERY = Map.of(
            "term", "report",
            "provider", "linked/docs",
            "widget", "linked/items",
            "limit", "5",
            "unread", "true",
            "next", "/",
            "code", "abuse-code",
            "state", "abuse-state");

    private static final String LONG = "x".repeat(5000);
    private static final String UNICODE = "ü💥 \u202E\u0000'; DROP TABLE account; --";

    /** A request body of the sweep: what it is, its media type (none if null), its bytes. */
    private record Body(String label, String type, byte[] bytes) {}

    /** Sent to every operation that takes a body, besides fields of the wrong type, too long, or in odd unicode. */
    private static final List<Body> FIXED_BODIES = List.of(
            json("missing fields {}", "{}"),
            json("JSON cut short", "{\"a\":"),
            json("not JSON", "not JSON at all"),
            json("JSON null", "null"),
            json("an array", "[1,2,3]"),
            json("a string", "\"text\""),
            json("nested 1,000 deep", "[".repeat(1000) + "]".repeat(1000)),
            json("2 MiB", "{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"),
            new Body("invalid UTF-8", "application/json", new byte[] {
                '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'
            }),
            new Body("as text/plain", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)),
            new Body("as application/xml", "application/xml", "<a>1</a>".getBytes(StandardCharsets.UTF_8)),
            new Body(
                    "as multipart/form-data",
                    "multipart/form-data; boundary=abuse",
                    "--abuse\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--abuse--\r\n"
                            .getBytes(StandardCharsets.UTF_8)),
            new Body("without a media type", null, "{}".getBytes(StandardCharsets.UTF_8)));

    /** Server URLs that reach inside, or are no web server at all: each refused with 400 url_not_allowed. */
    private static final List<String> SSRF = List.of(
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0x7f.0.0.1/",
            "http://0x7f000001/",
            "http://127.1/",
            "http://017700000001/",
            "http://127.0.0.3/", // (127.0.0.2 is open to Cloudy alone: ConnectionsIT)
            "http://[::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/", // 169.254.169.254, mapped
            "http://[64:ff9b::a9fe:a9fe]/", // 169.254.169.254 through NAT64
            "http://[::127.0.0.1]/",
            "http://[fec0::1]/",
            "http://[2002:7f00:1::]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://user:pass@example.com/",
            "file:///etc/passwd",
            "gopher://127.0.0.1/",
            "ftp://example.com/",
            "http://127.0.0.1:22/",
            "https://example.com:25/");

    /**
     * Spellings of 127.0.0.1 itself, which this Hearth allows for its fake upstreams (HEARTH_ALLOWED_HOSTS), on port
     * 80 where nothing answers; and localtest.me, a public name for 127.0.0.1 that may not resolve where DNS is out of
     * reach. Refused as internal, or let through to fail there: a client error or a bad gateway, never a success.
     */
    private static final List<String> SSRF_ALLOWED_ADDRESS = List.of(
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://localhost/", "http://localtest.me/");

    /** Internal addresses, in the forms a message might give them. */
    private static final List<String> INTERNAL = List.of(
            "127.0.0.1",
            "10.0.0.1",
            "169.254",
            "192.168",
            "100.64",
            "0.0.0.0",
            "0:0:0:0",
            "::1",
            "7f00",
            "a9fe",
            "fe80",
            "fd00",
            "fec0",
            "64:ff9b",
            "2002:");

    /** The lock-out scenario's two clients behind the trusted proxy. */
    private static final String GUESSER = "198.51.100.77";

    private static final String VICTIM = "203.0.113.77";

    /** An application's redirect URI and an S256 PKCE challenge (RFC 7636, appendix B). */
    private static final String APP_CALLBACK = "https://app.example/abuse-callback";

    private static final String PKCE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static final HttpClient NO_REDIRECTS =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)[^}]*}");

    /** Every secret the suite used, for the last test. */
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    /** The bodies of the answers the suite got (those that hand out a secret excepted), up to a limit. */
    private static final List<String> ANSWERS = Collections.synchronizedList(new ArrayList<>());

    private static final int MAX_ANSWERS = 20_000;

    private static String adminSession;
    private static int opaqueFailures;

    private final Api api = SharedHearth.api();
    private final FakeUpstream upstream = SharedHearth.upstream();

    /**
     * Every administration operation of {@code /openapi}, as a plain user's session: 403 problem each. Then the
     * requests that would do harm if they got through, with real bodies (making an administrator, promoting oneself,
     * making a system token with the admin scope): refused, and nothing changed.
     */
    @Test
    @Order(1)
    void everyAdminEndpointRefusesAPlainUser() throws Exception {
        User plain = newUser("abuse-plain");
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (Operation op : operations()) {
            if (!op.template().startsWith("/api/v1/admin/")) {
                continue;
            }
            tried++;
            Answer answer = attempt(op.verb(), path(op, plain.id(), null, null), plain.token(), op.neutralBody());
            String wrong = expect(answer, 403, "forbidden");
            if (wrong != null) {
                failures.add(op + ": " + wrong);
            }
        }
        String escalated = secret("abuse-escalated-password");
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/users",
                        plain.token(),
                        Json.createObjectBuilder()
                                .add("username", "abuse-escalated")
                                .add("password", escalated)
                                .add("role", "admin")
                                .build()
                                .toString()),
                403,
                "forbidden");
        assertProblem(
                call("PATCH", "/api/v1/admin/users/" + plain.id(), plain.token(), "{\"role\":\"admin\"}"),
                403,
                "forbidden");
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/system-tokens",
                        plain.token(),
                        "{\"name\":\"abuse-escalated\",\"scopes\":[\"admin\"]}"),
                403,
                "forbidden");
        System.out.printf(
                "abuse: %d administration operations as a plain user: %d answered 403 problem; 3 escalations with"
                        + " real bodies refused%n",
                tried, tried - failures.size());

        assertEquals(
                "user",
                call("GET", "/api/v1/admin/users/" + plain.id(), admin(), null)
                        .json()
                        .getString("role"),
                "still a plain user");
        assertFalse(
                call("GET", "/api/v1/admin/users", admin(), null).body().contains("\"abuse-escalated\""),
                "no administrator was made");
        assertTrue(tried > 10, "the whole administration: " + tried);
        assertTrue(failures.isEmpty(), () -> failures.size() + " not refused:\n" + String.join("\n", failures));
    }

    /**
     * One user's resources, tried by another: a personal access token, a notification (marked read, dismissed), an
     * authorized application, a connection, a pending Login Flow v2 login and an OAuth state. Each is not found for
     * the other user (the OAuth state: not valid), and still works for its owner afterwards; and a layout the other
     * saves leaves the owner's alone.
     */
    @Test
    @Order(2)
    void anotherUsersResourcesAreNotFoundAndStayIntact() throws Exception {
        upstream.notify("abuse-alice-token", "abuse-alice-1", "Abuse suite: a notification for Alice");
        User alice = linkedUser("abuse-alice", "Alice Abuse");
        User bob = newUser("abuse-bob");
        List<String> tried = new ArrayList<>();

        JsonObject token = issued(
                api.send(
                        "POST",
                        "/api/v1/me/tokens",
                        alice.token(),
                        "{\"name\":\"abuse laptop\",\"scopes\":[\"api_read\"]}"),
                201);
        String tokenPath = "/api/v1/me/tokens/" + token.getJsonNumber("id");
        tried.add("DELETE " + tokenPath);
        assertProblem(call("DELETE", tokenPath, bob.token(), null), 404, "token_not_found");
        assertEquals(
                alice.name(),
                call("GET", "/api/v1/me", token.getString("token"), null).json().getString("username"),
                "Alice's token still works");

        BooleanSupplier arrived = condition(() -> !notifications(alice).isEmpty());
        eventually("Alice's notification arrived", arrived);
        long note = notifications(alice).get(0).getJsonNumber("id").longValue();
        for (String request :
                List.of("POST /api/v1/notifications/" + note + "/read", "DELETE /api/v1/notifications/" + note)) {
            tried.add(request);
            String[] verbAndPath = request.split(" ");
            assertProblem(call(verbAndPath[0], verbAndPath[1], bob.token(), null), 404, "notification_not_found");
        }
        JsonObject kept = notifications(alice).stream()
                .filter(n -> n.getJsonNumber("id").longValue() == note)
                .findFirst()
                .orElseThrow(() -> new AssertionError("Alice's notification is gone"));
        assertFalse(kept.getBoolean("read"), "Alice's notification is still unread");

        JsonObject app = issued(
                api.send(
                        "POST",
                        "/api/v1/admin/oauth2/clients",
                        admin(),
                        Json.createObjectBuilder()
                                .add("name", "abuse-app")
                                .add("redirectUris", Json.createArrayBuilder().add(APP_CALLBACK))
                                .add("confidential", true)
                                .build()
                                .toString()),
                201);
        String clientId = app.getString("clientId");
        String request = "response_type=code&client_id=" + encode(clientId) + "&redirect_uri=" + encode(APP_CALLBACK)
                + "&scope=api_read&state=abuse&code_challenge=" + PKCE_CHALLENGE + "&code_challenge_method=S256";
        Api.Reply approved = call(
                "POST",
                "/api/v1/oauth2/authorize",
                alice.token(),
                Json.createObjectBuilder()
                        .add("request", request)
                        .add("approve", true)
                        .build()
                        .toString());
        assertEquals(200, approved.status(), approved::toString);
        String authorization = "/api/v1/me/authorizations/" + encode(clientId);
        tried.add("DELETE " + authorization);
        assertProblem(call("DELETE", authorization, bob.token(), null), 404, "authorization_not_found");
        assertTrue(
                call("GET", "/api/v1/me/authorizations", alice.token(), null).array().stream()
                        .anyMatch(a -> a.asJsonObject().getString("clientId").equals(clientId)),
                "Alice's authorization stands");

        tried.add("DELETE /api/v1/connections/linked");
        assertProblem(call("DELETE", "/api/v1/connections/linked", bob.token(), null), 404, "not_connected");
        assertEquals("connected", api.connection(alice.token(), "linked").getString("status"));

        Api.Reply started = call(
                "POST",
                "/api/v1/connections/cloudy",
                alice.token(),
                Json.createObjectBuilder()
                        .add("flow", "login-flow-v2")
                        .add("instanceUrl", SharedHearth.nextcloud().uri().toString())
                        .build()
                        .toString());
        assertEquals(200, started.status(), started::toString);
        String poll = Json.createObjectBuilder()
                .add("pollId", started.json().getString("pollId"))
                .build()
                .toString();
        tried.add("POST /api/v1/connections/cloudy/poll");
        assertProblem(call("POST", "/api/v1/connections/cloudy/poll", bob.token(), poll), 404, "login_not_found");
        assertEquals(
                "pending",
                call("POST", "/api/v1/connections/cloudy/poll", alice.token(), poll)
                        .json()
                        .getString("status"));

        secret(FakeUpstream.CLIENT_SECRET); // Hearth sends it to the fake's token endpoint for Alice
        upstream.consentingUser = "Alice at OAuthy";
        Api.Reply oauth = call("POST", "/api/v1/connections/oauthy", alice.token(), "{\"flow\":\"oauth2\"}");
        assertEquals(200, oauth.status(), oauth::toString);
        HttpResponse<String> consented = NO_REDIRECTS.send(
                HttpRequest.newBuilder(URI.create(oauth.json().getString("authorizeUrl")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, consented.statusCode(), consented::body);
        URI back = URI.create(consented.headers().firstValue("location").orElseThrow());
        for (String pair : back.getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                secret(URLDecoder.decode(pair.substring("code=".length()), StandardCharsets.UTF_8));
            }
        }
        String callback = back.getRawPath() + "?" + back.getRawQuery();
        tried.add("GET " + back.getRawPath());
        assertProblem(call("GET", callback, bob.token(), null), 400, "invalid_state");
        Api.Reply finished = call("GET", callback, alice.token(), null);
        assertEquals(303, finished.status(), finished::toString);
        assertTrue(finished.header("location").endsWith("connected=1"), finished.header("location"));

        assertEquals(
                200,
                call("PUT", "/api/v1/dashboard/layout", alice.token(), "{\"widgets\":[\"linked/items\"]}")
                        .status());
        tried.add("PUT /api/v1/dashboard/layout");
        assertEquals(
                200,
                call("PUT", "/api/v1/dashboard/layout", bob.token(), "{\"widgets\":[]}")
                        .status());
        assertEquals(
                List.of("linked/items"),
                call("GET", "/api/v1/dashboard/widgets", alice.token(), null).json().getJsonArray("widgets").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(w -> w.getBoolean("visible"))
                        .map(w -> w.getString("id"))
                        .toList(),
                "Alice's layout is hers");

        System.out.printf(
                "abuse: %d of one user's resources tried by another (%s): each not found or not valid for them, and"
                        + " intact for its owner%n",
                tried.size(), String.join(", ", tried));
    }

    /**
     * Every endpoint that needs credentials (all but sign-in and webhook deliveries, which carry the upstream's own)
     * without any, and with an expired, a signed-out, a tampered (one payload character changed), an unsigned
     * (alg=none), a foreign-key and a garbage JWT, and with an expired, a deleted and an unknown personal access token:
     * each a 401 problem that says which. The credentials are an administrator's, so no role check can answer first.
     */
    @Test
    @Order(3)
    void everyProtectedEndpointRefusesMissingExpiredRevokedAndForgedCredentials() throws Exception {
        String admin = admin();
        JsonObject claims = Tokens.payload(admin);
        Tokens.Key serverKey = Tokens.serverKey(SharedHearth.server());
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        String signedOut = secret(api.adminToken());
        assertEquals(204, call("POST", "/api/v1/auth/logout", signedOut, null).status());
        String subject = claims.getString("sub");
        char last = subject.charAt(subject.length() - 1);
        String otherSubject = subject.substring(0, subject.length() - 1)
                + (Character.isDigit(last) ? (char) ('0' + (last - '0' + 1) % 10) : 'x');
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String allScopes = "\"scopes\":[\"api_read\",\"api_write\",\"admin\"]";
        JsonObject expired = issued(
                api.send("POST", "/api/v1/me/tokens", admin, "{\"name\":\"abuse expired\"," + allScopes + "}"), 201);
        try (Connection db = SharedHearth.server().database();
                PreparedStatement expire = db.prepareStatement("update api_token set expires_at = ? where id = ?")) {
            expire.setObject(1, LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1));
            expire.setLong(2, expired.getJsonNumber("id").longValue());
            assertEquals(1, expire.executeUpdate());
        }
        JsonObject deleted = issued(
                api.send("POST", "/api/v1/me/tokens", admin, "{\"name\":\"abuse deleted\"," + allScopes + "}"), 201);
        assertEquals(
                204,
                call("DELETE", "/api/v1/me/tokens/" + deleted.getJsonNumber("id"), admin, null)
                        .status());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);

        List<Credential> credentials = List.of(
                new Credential("none", null, "authentication_required", false),
                new Credential(
                        "an expired session",
                        Tokens.sign(
                                Json.createObjectBuilder(claims)
                                        .add("iat", past - 3600)
                                        .add("exp", past)
                                        .build(),
                                serverKey),
                        "token_expired",
                        false),
                new Credential("a signed-out session", signedOut, "session_ended", false),
                new Credential(
                        "a tampered session",
                        Tokens.withPayload(
                                admin,
                                Json.createObjectBuilder(claims)
                                        .add("sub", otherSubject)
                                        .build()),
                        "token_invalid",
                        false),
                new Credential("alg=none", Tokens.unsigned(claims), "token_invalid", false),
                new Credential(
                        "another key",
                        Tokens.sign(
                                claims,
                                new Tokens.Key(
                                        serverKey.kid(),
                                        generator.generateKeyPair().getPrivate())),
                        "token_invalid",
                        false),
                new Credential("garbage", "garbage", "token_invalid", false),
                new Credential("an expired personal token", expired.getString("token"), "token_expired", true),
                new Credential("a deleted personal token", deleted.getString("token"), "token_invalid", true),
                new Credential(
                        "an unknown personal token",
                        "hpt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                        "token_invalid",
                        true));

        List<String> failures = new ArrayList<>();
        int endpoints = 0;
        for (Operation op : operations()) {
            if (isPublic(op.template())) {
                continue;
            }
            endpoints++;
            String path = path(op, 1, null, null);
            for (Credential credential : credentials) {
                Answer answer = credential.opaque()
                        ? fromAddress(guesser(), op.verb(), path, credential.token(), op.neutralBody())
                        : attempt(op.verb(), path, credential.token(), op.neutralBody());
                String wrong = expect(answer, 401, credential.code());
                if (wrong != null) {
                    failures.add(op + " with " + credential.label() + ": " + wrong);
                }
            }
        }
        System.out.printf(
                "abuse: %d protected endpoints × %d kinds of credentials (%s) = %d requests, %d answered 401 problem"
                        + " with the right code%n",
                endpoints,
                credentials.size(),
                String.join(", ", credentials.stream().map(Credential::label).toList()),
                endpoints * credentials.size(),
                endpoints * credentials.size() - failures.size());

        assertTrue(endpoints > 30, "the whole API: " + endpoints);
        assertTrue(
                failures.isEmpty(),
                () -> failures.size() + " not refused as they should be:\n"
                        + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    /**
     * The SSRF matrix on every way a user connects with a server URL of their own: IPv4 in decimal, octal, hex and
     * short forms, IPv6 loopback, mapped, IPv4-compatible, NAT64, 6to4, site-local, link-local and unique-local
     * addresses, the metadata service and private networks, names that resolve inside, credentials in the URL, other
     * schemes, ports not allowed: each refused with 400 url_not_allowed, with a message that does not tell which
     * internal address a name resolved to. And an upstream that redirects, to the metadata service or back to itself,
     * is not followed.
     */
    @Test
    @Order(4)
    void serverUrlsThatReachInsideAreRefusedAndRedirectsAreNotFollowed() throws Exception {
        User user = newUser("abuse-ssrf");
        List<String> flows = new ArrayList<>(); // "<plugin id> <flow type>"
        for (JsonValue plugin :
                call("GET", "/api/v1/connections", user.token(), null).array()) {
            for (JsonValue flow : plugin.asJsonObject().getJsonArray("flows")) {
                if (flow.asJsonObject().getBoolean("instanceUrl")) {
                    flows.add(plugin.asJsonObject().getString("pluginId") + " "
                            + flow.asJsonObject().getString("type"));
                }
            }
        }
        assertTrue(flows.containsAll(List.of("linked token", "cloudy login-flow-v2")), flows::toString);

        List<String> failures = new ArrayList<>();
        List<String> urls =
                Stream.concat(SSRF.stream(), SSRF_ALLOWED_ADDRESS.stream()).toList();
        int refused = 0;
        int notAllowed = 0;
        for (String flow : flows) {
            String[] plugin = flow.split(" ");
            for (String url : urls) {
                Answer answer =
                        attempt("POST", "/api/v1/connections/" + plugin[0], user.token(), connect(plugin[1], url));
                String wrong = SSRF.contains(url) ? expect(answer, 400, "url_not_allowed") : refusal(answer);
                if (wrong == null) {
                    wrong = toldAddress(answer, url);
                }
                if (wrong != null) {
                    failures.add(flow + " " + url + ": " + wrong);
                    continue;
                }
                refused++;
                notAllowed += answer.problem().getString("code").equals("url_not_allowed") ? 1 : 0;
            }
        }

        int redirectsMet = 0;
        List<String> asked;
        try (Redirector redirector = new Redirector()) {
            for (String flow : flows) {
                String[] plugin = flow.split(" ");
                for (String target :
                        List.of("http://169.254.169.254/latest/meta-data/", redirector.uri() + "/followed")) {
                    redirector.location = target;
                    int before = redirector.asked.size();
                    Answer answer = attempt(
                            "POST",
                            "/api/v1/connections/" + plugin[0],
                            user.token(),
                            connect(plugin[1], redirector.uri().toString()));
                    String wrong = refusal(answer);
                    if (wrong != null) {
                        failures.add(flow + " redirected to " + target + ": " + wrong);
                    }
                    redirectsMet += redirector.asked.size() > before ? 1 : 0;
                }
            }
            asked = List.copyOf(redirector.asked);
        }
        for (String flow : flows) {
            assertEquals(
                    "not_connected",
                    api.connection(user.token(), flow.split(" ")[0]).getString("status"),
                    flow);
        }
        System.out.printf(
                "abuse: SSRF: %d URL forms × %d connect flows (%s) = %d tried, %d refused (%d with 400"
                        + " url_not_allowed); %d redirects met, %d followed%n",
                urls.size(),
                flows.size(),
                String.join(", ", flows),
                urls.size() * flows.size(),
                refused,
                notAllowed,
                redirectsMet,
                asked.stream().filter(a -> a.endsWith(" /followed")).count());

        assertTrue(failures.isEmpty(), () -> failures.size() + " not refused:\n" + String.join("\n", failures));
        assertFalse(asked.stream().anyMatch(a -> a.endsWith(" /followed")), "a redirect was followed: " + asked);
        assertEquals(
                2 * flows.size(),
                redirectsMet,
                "each attempt met the redirect (is the fake's port in HEARTH_ALLOWED_PORTS?): " + asked);
    }

    /**
     * Every operation of {@code /openapi}, as an administrator's session (so requests pass authentication and reach
     * validation): plausible and hostile path parameters and query values; request bodies with fields of the wrong
     * JSON type, too long or in odd unicode, with missing fields, cut short, not JSON, 2 MiB, nested deep, of odd media
     * types or none; bodies where none belongs; the paths spelt otherwise. Every answer is a client error with a
     * problem body whose status is the answer's, or a success (or redirect) where the input is harmless, listed; none
     * is a server error. Event streams and signing out (which would end the session used) are left out.
     */
    @Test
    @Order(5)
    void malformedInputOnEveryOperationIsAClientErrorWithAProblem() throws Exception {
        String admin = admin();
        long target = newUser("abuse-sweep").id();
        List<Operation> operations = operations();
        // deleting last: the sweep deletes the user it works on
        operations.sort(Comparator.comparing((Operation op) -> op.verb().equals("DELETE")));
        Tally tally = new Tally();
        List<String> skipped = new ArrayList<>();
        int typed = 0;
        long started = System.nanoTime();
        for (Operation op : operations) {
            if (op.template().endsWith("/stream") || op.template().equals("/api/v1/auth/logout")) {
                skipped.add(op.toString());
                continue;
            }
            String token = isPublic(op.template()) ? null : admin;
            String path = path(op, target, null, null);
            String query = query(op, null, null);
            if (op.takesBody()) {
                List<Body> bodies = bodies(op);
                typed += bodies.size() - FIXED_BODIES.size();
                for (Body body : bodies) {
                    tally.add(op, body.label(), attempt(op.verb(), path + query, token, body.type(), body.bytes()));
                }
            } else {
                tally.add(op, "as documented", attempt(op.verb(), path + query, token, null));
                tally.add(op, "with a body", attempt(op.verb(), path + query, token, "{\"a\":1}"));
            }
            for (String name : op.query()) {
                for (String value : HOSTILE) {
                    tally.add(
                            op,
                            name + "=" + excerpt(value, 24),
                            attempt(op.verb(), path + query(op, name, value), token, op.neutralBody()));
                }
            }
            for (String name : parameters(op.template())) {
                for (String value : HOSTILE) {
                    tally.add(
                            op,
                            "{" + name + "}=" + excerpt(value, 24),
                            attempt(op.verb(), path(op, target, name, value) + query, token, op.neutralBody()));
                }
            }
            for (String trick : List.of(
                    path + "/",
                    path.replaceFirst("^/api/", "/api//"),
                    path + ";abuse=1",
                    path + "/%2e%2e",
                    path + "%2f")) {
                tally.add(op, "at " + excerpt(trick, 60), attempt(op.verb(), trick + query, token, op.neutralBody()));
            }
        }
        System.out.printf(
                "abuse: %d malformed requests over %d operations of /openapi in %.1f s: %d answered 4xx problem+json,"
                        + " %d answered 5xx, %d broke the problem contract, %d were refused by the container itself"
                        + " (a NUL byte in the path: 400 with an empty body), %d answered 2xx and %d answered 3xx for"
                        + " harmless input (listed below); %d had a field of the wrong type, too long or in odd"
                        + " unicode; skipped: %s%n",
                tally.requests,
                operations.size() - skipped.size(),
                (System.nanoTime() - started) / 1e9,
                tally.problems,
                tally.serverErrors,
                tally.failures.size(),
                tally.containerRefusals.size(),
                tally.successes.size(),
                tally.redirects.size(),
                typed,
                skipped);
        tally.successes.stream().limit(80).forEach(s -> System.out.println("abuse:   2xx " + s));
        tally.redirects.stream().limit(40).forEach(s -> System.out.println("abuse:   3xx " + s));

        assertTrue(tally.requests >= 300, "hundreds of requests: " + tally.requests);
        assertTrue(typed > 0, "the /openapi document describes no request body fields, so none had a wrong type");
        assertTrue(
                tally.failures.isEmpty(),
                () -> tally.serverErrors + " server errors; " + tally.failures.size()
                        + " answers broke the contract, the first:\n"
                        + String.join("\n", tally.failures.subList(0, Math.min(40, tally.failures.size()))));
    }

    /**
     * Issue 15's lock-out, compactly: a guesser behind the trusted reverse proxy keeps guessing one user's password
     * until held up, and then waits even with the right one; the victim, from another address behind the same proxy,
     * and anyone calling directly sign in at once.
     */
    @Test
    @Order(6)
    void aGuesserBehindTheProxyLocksNobodyOut() throws Exception {
        String victim = "abuse-victim";
        String password = secret(victim + "-password");
        api.createUser(victim, password, "user");
        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            guesses.add(signInThroughProxy(GUESSER, victim, "abuse-guess-" + i));
        }
        int guesserWithPassword = signInThroughProxy(GUESSER, victim, password);
        int victimThroughProxy = signInThroughProxy(VICTIM, victim, password);
        Api.Reply direct = api.login(victim, password);
        if (direct.status() == 200) {
            secret(direct.json().getString("accessToken"));
        }
        System.out.printf(
                "abuse: lock-out: %d guesses through the proxy, %d answered 401 and %d answered 429; the guesser with"
                        + " the right password: %d; the victim from another address behind the proxy: %d, directly:"
                        + " %d%n",
                guesses.size(),
                guesses.stream().filter(s -> s == 401).count(),
                guesses.stream().filter(s -> s == 429).count(),
                guesserWithPassword,
                victimThroughProxy,
                direct.status());

        assertEquals(List.of(401, 401, 401, 401, 401), guesses.subList(0, 5), guesses::toString);
        assertTrue(guesses.contains(429), () -> "the guesser was never held up: " + guesses);
        assertEquals(429, guesserWithPassword, "the guesser waits, right password or not");
        assertEquals(200, victimThroughProxy, "the victim signs in at once from another address");
        assertEquals(200, direct.status(), direct::toString);
    }

    /**
     * Last: none of the secrets the suite used (passwords, sessions, personal access tokens, a client secret, upstream
     * credentials, an authorization code) is in Hearth's log, nor in any answer the suite got, except the one answer
     * that handed each out.
     */
    @Test
    @Order(7)
    void noSecretTheSuiteUsedIsInTheLogOrInAnyAnswer() throws Exception {
        admin(); // the administrator's password and a session at least, should this test run alone
        String log = SharedHearth.server().log();
        List<String> answers;
        synchronized (ANSWERS) {
            answers = List.copyOf(ANSWERS);
        }
        List<String> leaks = new ArrayList<>();
        for (String secret : SECRETS) {
            if (log.contains(secret)) {
                leaks.add(hint(secret) + " is in Hearth's log: " + around(log, secret));
            }
            answers.stream()
                    .filter(a -> a.contains(secret))
                    .findFirst()
                    .ifPresent(a -> leaks.add(hint(secret) + " is in an answer: " + around(a, secret)));
        }
        System.out.printf(
                "abuse: %d secrets checked against %,d bytes of Hearth's log and %d answers (%,d characters): %d"
                        + " found%n",
                SECRETS.size(),
                log.getBytes(StandardCharsets.UTF_8).length,
                answers.size(),
                answers.stream().mapToLong(String::length).sum(),
                leaks.size());

        assertFalse(SECRETS.isEmpty());
        assertTrue(leaks.isEmpty(), () -> String.join("\n", leaks));
    }

    // --- the API as /openapi lists it

    /** One operation of the OpenAPI document: its query parameters, and its request body's fields with their types. */
    private record Operation(String verb, String template, List<String> query, Map<String, String> fields) {

        boolean takesBody() {
            return verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH");
        }

        /** The body sent with path and query variants: {} where a body belongs, none elsewhere. */
        String neutralBody() {
            return takesBody() ? "{}" : null;
        }

        @Override
        public String toString() {
            return verb + " " + template;
        }
    }

    private List<Operation> operations() throws Exception {
        Api.Reply document = api.send(api.request("/openapi")
                .header("Accept", "application/json")
                .GET()
                .build());
        assertEquals(200, document.status(), document::toString);
        JsonObject root = document.json();
        JsonObject components = root.getJsonObject("components");
        JsonObject schemas = components == null ? null : components.getJsonObject("schemas");
        JsonObject paths = root.getJsonObject("paths");
        List<Operation> operations = new ArrayList<>();
        for (String template : paths.keySet()) {
            JsonObject item = paths.getJsonObject(template);
            for (String method : item.keySet()) {
                String verb = method.toUpperCase(Locale.ROOT);
                if (!VERBS.contains(verb)) {
                    continue;
                }
                JsonObject operation = item.getJsonObject(method);
                List<String> query = new ArrayList<>();
                for (JsonObject declaring : List.of(item, operation)) {
                    for (JsonValue parameter : declaring
                            .getOrDefault("parameters", JsonValue.EMPTY_JSON_ARRAY)
                            .asJsonArray()) {
                        if ("query".equals(parameter.asJsonObject().getString("in", ""))) {
                            query.add(parameter.asJsonObject().getString("name"));
                        }
                    }
                }
                operations.add(new Operation(verb, template, query, fields(operation, schemas)));
            }
        }
        return operations;
    }

    /** The request body's fields and their JSON types ("" when not given), as the document describes them. */
    private static Map<String, String> fields(JsonObject operation, JsonObject schemas) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonObject body = operation.getJsonObject("requestBody");
        JsonObject content = body == null ? null : body.getJsonObject("content");
        if (content == null || content.isEmpty()) {
            return fields;
        }
        JsonObject schema = content.values().iterator().next().asJsonObject().getJsonObject("schema");
        if (schema != null && schema.containsKey("$ref") && schemas != null) {
            String ref = schema.getString("$ref");
            schema = schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema != null && schema.containsKey("properties")) {
            schema.getJsonObject("properties")
                    .forEach((name, property) ->
                            fields.put(name, property.asJsonObject().getString("type", "")));
        }
        return fields;
    }

    /** Sign-in and webhook deliveries (which carry the upstream's own credential) need no credentials of Hearth's. */
    private static boolean isPublic(String template) {
        return template.startsWith("/api/v1/auth/") && !template.equals("/api/v1/auth/logout")
                || template.contains("/webhooks/");
    }

    private static List<String> parameters(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The path with each parameter at a plausible value, except {@code param} (if any) at {@code value}. */
    private static String path(Operation op, long userId, String param, String value) {
        Matcher m = PARAMETER.matcher(op.template());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(
                    path,
                    Matcher.quoteReplacement(name.equals(param) ? value : plausible(op.template(), name, userId)));
        }
        return m.appendTail(path).toString();
    }

    /**
     * A value that names something real where that harms nobody (a user the test made, a plugin, the teapot endpoint
     * of a test plugin), else an id that nothing has.
     */
    private static String plausible(String template, String param, long userId) {
        if (template.startsWith("/api/v1/admin/users/")) {
            return Long.toString(userId);
        }
        if (template.startsWith("/api/v1/admin/plugins/")) {
            return "hello";
        }
        if (template.contains("/webhooks/")) {
            return param.equals("pluginId") ? "atlassian" : "jira";
        }
        if (template.startsWith("/api/v1/plugins/{")) {
            return param.equals("pluginId") ? "slowpoke" : "teapot";
        }
        return switch (param) {
            case "pluginId" -> "linked";
            case "clientId" -> "abuse-no-such-client";
            default -> "987654321";
        };
    }

    /** The query string: each known parameter at a plausible value, except {@code param} (if any) at {@code value}. */
    private static String query(Operation op, String param, String value) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String name : op.query()) {
            String v = name.equals(param) ? value : PLAUSIBLE_QUERY.get(name);
            if (v != null) {
                query.add(name + "=" + v);
            }
        }
        return query.toString();
    }

    /** The fixed bodies, then for each field: each JSON type it does not have; for text, too long and odd unicode. */
    private static List<Body> bodies(Operation op) {
        List<Body> bodies = new ArrayList<>(FIXED_BODIES);
        op.fields().forEach((field, type) -> {
            for (JsonValue wrong : wrongTypes(type)) {
                bodies.add(json(
                        field + ": " + wrong,
                        Json.createObjectBuilder().add(field, wrong).build().toString()));
            }
            if (type.isEmpty() || type.equals("string")) {
                bodies.add(json(
                        field + ": 5,000 characters",
                        Json.createObjectBuilder().add(field, LONG).build().toString()));
                bodies.add(json(
                        field + ": odd unicode",
                        Json.createObjectBuilder().add(field, UNICODE).build().toString()));
            }
        });
        return bodies;
    }

    /**
     * Values of every JSON type but the field's. For a field of unknown type only a number, an array and null: no
     * field of Hearth's takes them, where a string or true might be a valid (and acted upon) value.
     */
    private static List<JsonValue> wrongTypes(String type) {
        List<JsonValue> all = List.of(
                Json.createValue(42),
                Json.createValue("yes"),
                JsonValue.TRUE,
                JsonValue.EMPTY_JSON_ARRAY,
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.NULL);
        Set<JsonValue.ValueType> right =
                switch (type) {
                    case "string" -> Set.of(JsonValue.ValueType.STRING);
                    case "boolean" -> Set.of(JsonValue.ValueType.TRUE, JsonValue.ValueType.FALSE);
                    case "integer", "number" -> Set.of(JsonValue.ValueType.NUMBER);
                    case "array" -> Set.of(JsonValue.ValueType.ARRAY);
                    case "object" -> Set.of(JsonValue.ValueType.OBJECT);
                    default -> Set.of(JsonValue.ValueType.STRING, JsonValue.ValueType.TRUE, JsonValue.ValueType.OBJECT);
                };
        return all.stream().filter(v -> !right.contains(v.getValueType())).toList();
    }

    private static Body json(String label, String text) {
        return new Body(label, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    // --- requests and their answers

    /** An answer: status (0 for none), media type, body. */
    private record Answer(int status, String contentType, String body) {

        static Answer of(Api.Reply reply) {
            return new Answer(reply.status(), reply.header("content-type"), reply.body());
        }

        /** The body as a JSON object, or null. */
        JsonObject problem() {
            try {
                return Json.createReader(new StringReader(body)).readObject();
            } catch (RuntimeException notAnObject) {
                return null;
            }
        }
    }

    /** What the sweep's answers were. */
    private static final class Tally {
        int requests;
        int problems;
        int serverErrors;
        final List<String> successes = new ArrayList<>();
        final List<String> redirects = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        /**
         * A NUL byte in the path is refused by Payara's URI normalisation (CoyoteAdapter) before any filter, servlet
         * or error page runs, with an empty 400 that Hearth cannot reach: counted apart, for that case only.
         */
        final List<String> containerRefusals = new ArrayList<>();

        void add(Operation op, String variant, Answer answer) {
            requests++;
            String what = op + " " + variant + " → " + answer.status();
            if (answer.status() == 400 && answer.body().isEmpty() && variant.endsWith("=%00")) {
                containerRefusals.add(what);
            } else if (answer.status() >= 200 && answer.status() < 300) {
                successes.add(what);
            } else if (answer.status() >= 300 && answer.status() < 400) {
                redirects.add(what);
            } else {
                serverErrors += answer.status() >= 500 ? 1 : 0;
                String broken = clientError(answer);
                if (broken == null) {
                    problems++;
                } else {
                    failures.add(what + ": " + broken);
                }
            }
        }
    }

    /** What is wrong with an answer as a problem (RFC 9457, Hearth's shape), whatever its status; null if nothing. */
    private static String problemShape(Answer answer) {
        if (answer.status() == 0) {
            return answer.body();
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
            return "not problem+json but " + answer.contentType() + ": " + excerpt(answer.body(), 200);
        }
        JsonObject problem = answer.problem();
        if (problem == null) {
            return "a body that is not a JSON object: " + excerpt(answer.body(), 200);
        }
        if (problem.getInt("status", 0) != answer.status()) {
            return "the problem says status " + problem.get("status") + ": " + excerpt(answer.body(), 200);
        }
        if (problem.getString("code", "").isBlank()) {
            return "the problem has no code: " + excerpt(answer.body(), 200);
        }
        if (answer.body().contains("Exception") || answer.body().contains("\tat ")) {
            return "the problem leaks internals: " + excerpt(answer.body(), 200);
        }
        return null;
    }

    /** What keeps an answer from being a client error with a problem body; null if nothing. */
    private static String clientError(Answer answer) {
        if (answer.status() < 400 || answer.status() >= 500) {
            return "answered " + answer.status() + ": " + excerpt(answer.body(), 200);
        }
        return problemShape(answer);
    }

    /** What keeps an answer from being this problem; null if nothing. */
    private static String expect(Answer answer, int status, String code) {
        String broken = clientError(answer);
        if (broken == null
                && answer.status() == status
                && code.equals(answer.problem().getString("code"))) {
            return null;
        }
        return "wanted " + status + " " + code + ", got " + answer.status() + " " + excerpt(answer.body(), 200)
                + (broken == null ? "" : " (" + broken + ")");
    }

    /** What keeps an answer from being a refusal of some kind: a client error or a bad gateway, with a problem body. */
    private static String refusal(Answer answer) {
        if (answer.status() == 502 || answer.status() >= 400 && answer.status() < 500) {
            return problemShape(answer);
        }
        return "answered " + answer.status() + ": " + excerpt(answer.body(), 200);
    }

    /** Whether a refusal names an internal address that the URL did not name itself: what a name resolved to. */
    private static String toldAddress(Answer answer, String url) {
        String detail = answer.problem().getString("detail", "").toLowerCase(Locale.ROOT);
        for (String address : INTERNAL) {
            if (detail.contains(address) && !url.toLowerCase(Locale.ROOT).contains(address)) {
                return "the message tells the address " + address + ": " + detail;
            }
        }
        return null;
    }

    /** Sends a request of the suite; its answer's body is kept for the secrets check. */
    private Answer attempt(String verb, String path, String token, String contentType, byte[] body)
            throws InterruptedException {
        HttpRequest.Builder request = api.request(path)
                .timeout(PROMPTLY)
                .method(
                        verb,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            Api.Reply reply = api.send(request.build());
            keep(reply.body());
            return Answer.of(reply);
        } catch (IOException e) {
            return new Answer(0, null, "no answer: " + e);
        }
    }

    private Answer attempt(String verb, String path, String token, String json) throws InterruptedException {
        return attempt(
                verb,
                path,
                token,
                json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** A request of the suite whose answer holds no secret of its own: its body is kept for the secrets check. */
    private Api.Reply call(String verb, String path, String token, String json) throws Exception {
        Api.Reply reply = api.send(verb, path, token, json);
        keep(reply.body());
        return reply;
    }

    /** The answer that hands out a secret (a token, a client secret): the secret is noted, the body not kept. */
    private static JsonObject issued(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), reply::toString);
        JsonObject json = reply.json();
        for (String field : List.of("token", "accessToken", "clientSecret")) {
            if (json.get(field) instanceof JsonString value) {
                secret(value.getString());
            }
        }
        return json;
    }

    /**
     * A request from another loopback address over a plain socket, read whole. Failed opaque tokens are counted per
     * client address (ten are free, then the address is held up): requests with them come from addresses of their
     * own, a few each, so that they are answered for what they are and the rest of the suite is not held up.
     */
    private static Answer fromAddress(String address, String verb, String path, String token, String json) {
        URI server = SharedHearth.server().uri("/");
        byte[] content = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(
                InetAddress.getByName(server.getHost()), server.getPort(), InetAddress.getByName(address), 0)) {
            socket.setSoTimeout((int) PROMPTLY.toMillis());
            String head = verb + " " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                    + "\r\nConnection: close\r\nAuthorization: Bearer " + token + "\r\nContent-Length: "
                    + content.length + "\r\n" + (json == null ? "" : "Content-Type: application/json\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            byte[] raw = socket.getInputStream().readAllBytes();
            int end = indexOf(raw, "\r\n\r\n", 0);
            if (end < 0) {
                return new Answer(0, null, "no complete answer: " + new String(raw, StandardCharsets.UTF_8));
            }
            String[] lines = new String(raw, 0, end, StandardCharsets.US_ASCII).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
            if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
                body = unchunked(body);
            }
            Answer answer = new Answer(
                    Integer.parseInt(lines[0].split(" ")[1]),
                    headers.get("content-type"),
                    new String(body, StandardCharsets.UTF_8));
            keep(answer.body());
            return answer;
        } catch (IOException e) {
            return new Answer(0, null, "no answer: " + e);
        }
    }

    /** The next sender of a failing opaque token: eight from each address, below the ten that are free. */
    private static String guesser() {
        return "127.0.1." + (1 + opaqueFailures++ / 8);
    }

    private static byte[] unchunked(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOf(chunked, "\r\n", at);
            int size = Integer.parseInt(
                    new String(chunked, at, eol - at, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, String ascii, int from) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        search:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue search;
                }
            }
            return i;
        }
        return -1;
    }

    private static int signInThroughProxy(String forwardedFor, String username, String password) throws IOException {
        return FromAddress.send(
                        AuthIT.PROXY,
                        SharedHearth.server().uri("/"),
                        "POST",
                        "/api/v1/auth/login",
                        Map.of("Content-Type", "application/json", "X-Forwarded-For", forwardedFor),
                        Json.createObjectBuilder()
                                .add("username", username)
                                .add("password", password)
                                .build()
                                .toString())
                .status();
    }

    private static String connect(String flow, String url) {
        return Json.createObjectBuilder()
                .add("flow", flow)
                .add("instanceUrl", url)
                .add("token", secret("abuse-ssrf-token"))
                .build()
                .toString();
    }

    // --- users, secrets and the answers kept

    /** A user of the suite, with a sign-in session. */
    private record User(String name, long id, String token) {}

    private User newUser(String name) throws Exception {
        long id = api.createUser(name, secret(name + "-password"), "user");
        return new User(name, id, secret(api.token(name, name + "-password")));
    }

    /** A user connected to the fake upstream's "linked" plugin with the upstream token {@code <name>-token}. */
    private User linkedUser(String name, String accountName) throws Exception {
        secret(name + "-password");
        secret(name + "-token");
        String token = secret(api.linkedUser(name, upstream, accountName));
        return new User(
                name,
                call("GET", "/api/v1/me", token, null)
                        .json()
                        .getJsonNumber("id")
                        .longValue(),
                token);
    }

    /** The administrator's session, signed in once for the whole suite. */
    private String admin() throws Exception {
        if (adminSession == null) {
            secret(HearthServer.ADMIN_PASSWORD);
            adminSession = secret(api.adminToken());
        }
        return adminSession;
    }

    private List<JsonObject> notifications(User user) throws Exception {
        Api.Reply reply = call("GET", "/api/v1/notifications", user.token(), null);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("notifications").stream()
                .map(JsonValue::asJsonObject)
                .toList();
    }

    /** Notes a secret for the last test. */
    private static String secret(String value) {
        if (value != null && value.length() >= 8) {
            SECRETS.add(value);
        }
        return value;
    }

    private static void keep(String body) {
        if (body != null && ANSWERS.size() < MAX_ANSWERS) {
            ANSWERS.add(body.length() > 100_000 ? body.substring(0, 100_000) : body);
        }
    }

    /** How a secret is named in a failure: its start and length, not the secret. */
    private static String hint(String secret) {
        return "the secret " + secret.substring(0, 4) + "… (" + secret.length() + " characters)";
    }

    /** The text around a secret, the secret itself replaced by its hint. */
    private static String around(String text, String secret) {
        int at = text.indexOf(secret);
        return excerpt(
                text.substring(Math.max(0, at - 100), Math.min(text.length(), at + secret.length() + 100))
                        .replace(secret, "<" + hint(secret) + ">"),
                400);
    }

    private static String excerpt(String text, int length) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ");
        return flat.length() <= length ? flat : flat.substring(0, length) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static BooleanSupplier condition(Callable<Boolean> check) {
        return () -> {
            try {
                return check.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** A kind of credentials of the 401 test; opaque ones are sent from addresses of their own. */
    private record Credential(String label, String token, String code, boolean opaque) {}

    /**
     * An upstream on 127.0.0.1 that answers every request with a redirect to {@link #location}, except
     * {@code /followed}, which only a client following the redirect back would ask; it records what it is asked.
     */
    private static final class Redirector implements AutoCloseable {
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile String location;
        private final HttpServer server;

        Redirector() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                asked.add(exchange.getRequestMethod() + " " + path);
                if (path.equals("/followed")) {
                    byte[] account = "{\"id\":\"followed\",\"name\":\"Followed\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, account.length);
                    exchange.getResponseBody().write(account);
                } else {
                    exchange.getResponseHeaders().add("Location", location);
                    exchange.sendResponseHeaders(302, -1);
                }
                exchange.close();
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
