package dev.hearth.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect provider on 127.0.0.1, written from OpenID Connect Core 1.0 and Discovery 1.0: the discovery
 * document, an authorization endpoint that signs in the person the test chose and sends the browser straight back
 * with a code, a token endpoint (client_secret_basic, PKCE S256, single-use codes) that answers an RS256 ID token with
 * the nonce, and the JWK set. The test can rotate the signing key, or have the next ID token carry a wrong audience,
 * be expired, or be signed by a key the JWK set does not hold.
 */
final class FakeOidc implements AutoCloseable {

    static final String CLIENT_ID = "hearth-at-example";
    static final String CLIENT_SECRET = "example-client-secret";

    /** What the next ID token gets wrong, if anything. */
    enum Flaw {
        NONE,
        WRONG_AUDIENCE,
        EXPIRED,
        BAD_SIGNATURE
    }

    private final HttpServer server;
    private volatile RSAKey key = newKey();
    private volatile Map<String, Object> person = Map.of("sub", "nobody");
    private volatile Flaw flaw = Flaw.NONE;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    final AtomicInteger jwksFetches = new AtomicInteger();

    FakeOidc() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            send(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
        });
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person the next sign-in is: their claims ({@code sub}, {@code email}, {@code groups}, …). */
    void signsIn(Map<String, Object> claims) {
        this.person = Map.copyOf(claims);
    }

    void nextFlaw(Flaw flaw) {
        this.flaw = flaw;
    }

    /** A new signing key with a new key id; the JWK set holds only the new one from now on. */
    void rotateKey() {
        key = newKey();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String base = issuer();
        send(
                exchange,
                200,
                Json.createObjectBuilder()
                        .add("issuer", base)
                        .add("authorization_endpoint", base + "/authorize")
                        .add("token_endpoint", base + "/token")
                        .add("jwks_uri", base + "/jwks")
                        .add("response_types_supported", Json.createArrayBuilder(List.of("code")))
                        .add("subject_types_supported", Json.createArrayBuilder(List.of("public")))
                        .add("id_token_signing_alg_values_supported", Json.createArrayBuilder(List.of("RS256")))
                        .add("code_challenge_methods_supported", Json.createArrayBuilder(List.of("S256")))
                        .add(
                                "token_endpoint_auth_methods_supported",
                                Json.createArrayBuilder(List.of("client_secret_basic")))
                        .build()
                        .toString());
    }

    /** Signs in the chosen person at once and redirects back with a code, as a provider with a session would. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id"))
                || !"code".equals(query.get("response_type"))
                || !query.getOrDefault("scope", "").contains("openid")) {
            send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        Map<String, String> issued = new HashMap<>(query);
        codes.put(code, issued);
        String location = query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic");
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> issued = codes.remove(form.getOrDefault("code", ""));
        if (issued == null
                || !"authorization_code".equals(form.get("grant_type"))
                || !issued.get("redirect_uri").equals(form.get("redirect_uri"))
                || !challenge(form.getOrDefault("code_verifier", "")).equals(issued.get("code_challenge"))) {
            send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Flaw now = flaw;
        flaw = Flaw.NONE;
        Instant issuedAt = now == Flaw.EXPIRED ? Instant.now().minusSeconds(7200) : Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(now == Flaw.WRONG_AUDIENCE ? "someone-else" : CLIENT_ID)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(300)))
                .claim("nonce", issued.get("nonce"));
        person.forEach(claims::claim);
        try {
            RSAKey signer = now == Flaw.BAD_SIGNATURE
                    ? new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate()
                    : key;
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(signer.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signer));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            send(
                    exchange,
                    200,
                    Json.createObjectBuilder()
                            .add("access_token", UUID.randomUUID().toString())
                            .add("token_type", "Bearer")
                            .add("expires_in", 300)
                            .add("id_token", jwt.serialize())
                            .build()
                            .toString());
        } catch (JOSEException e) {
            throw new IOException(e);
        }
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    URI uri() {
        return URI.create(issuer());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
