package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private static KeyPair keys;
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.750Z");

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    private final TokenIssuer issuer = new TokenIssuer(
            "hearth", "key-1", keys.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(8));

    private static JsonObject part(String token, int index) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }

    private TokenIssuer.IssuedToken issueForAlice() {
        return issuer.issue(new TokenIssuer.Subject(42, "alice", "Alice Doe", List.of("user", "admin"), 3));
    }

    @Test
    void headerNamesRs256TheJwtTypeAndTheKey() {
        JsonObject header = part(issueForAlice().token(), 0);

        assertEquals("RS256", header.getString("alg"));
        assertEquals("JWT", header.getString("typ"));
        assertEquals("key-1", header.getString("kid"));
    }

    @Test
    void claimsCarryWhatMicroProfileJwtRequires() {
        TokenIssuer.IssuedToken token = issueForAlice();
        JsonObject claims = part(token.token(), 1);

        assertEquals("hearth", claims.getString("iss"));
        assertEquals("42", claims.getString("sub"));
        assertEquals("alice", claims.getString("upn"));
        assertEquals("Alice Doe", claims.getString("name"));
        assertEquals(
                List.of("user", "admin"),
                claims.getJsonArray("groups").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());
        assertEquals(NOW.getEpochSecond(), claims.getJsonNumber("iat").longValue());
        assertEquals(
                NOW.getEpochSecond() + 8 * 3600, claims.getJsonNumber("exp").longValue());
        assertEquals(token.jti(), claims.getString("jti"));
        assertEquals(3, claims.getInt("sv"), "the session version the token was issued at");
        assertEquals(Instant.ofEpochSecond(claims.getJsonNumber("exp").longValue()), token.expiresAt());
    }

    @Test
    void signatureVerifiesWithThePublicKeyAndBreaksWhenTampered() throws Exception {
        String token = issueForAlice().token();
        String[] parts = token.split("\\.");

        assertTrue(verify(parts[0] + "." + parts[1], parts[2]));

        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(part(token, 1)
                        .toString()
                        .replace("\"user\",\"admin\"", "\"admin\",\"admin\"")
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(verify(parts[0] + "." + forged, parts[2]));
    }

    @Test
    void everyTokenHasItsOwnJti() {
        assertNotEquals(issueForAlice().jti(), issueForAlice().jti());
        assertTrue(issueForAlice().jti().matches("[0-9a-f-]{36}"));
    }

    private static boolean verify(String signingInput, String signature) throws Exception {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(Base64.getUrlDecoder().decode(signature));
    }
}
