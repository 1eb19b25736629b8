package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignInTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static KeyPair hearth;
    private static KeyPair other;
    private static Map<String, RSAPublicKey> keys;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        hearth = generator.generateKeyPair();
        other = generator.generateKeyPair();
        keys = Map.of("key-1", (RSAPublicKey) hearth.getPublic(), "key-2", (RSAPublicKey) other.getPublic());
    }

    private static String issue(String issuer, PrivateKey key, Instant at) {
        return new TokenIssuer(issuer, "key-1", key, Clock.fixed(at, ZoneOffset.UTC), Duration.ofHours(8))
                .issue(new TokenIssuer.Subject(42, "alice", "Alice Doe", List.of("user", "admin"), 3))
                .token();
    }

    private static String signed(String header, String claims, PrivateKey key) throws Exception {
        String input = encode(header) + "." + encode(claims);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + BASE64URL.encodeToString(rsa.sign());
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String CLAIMS = "{\"iss\":\"hearth\",\"sub\":\"42\",\"upn\":\"alice\",\"groups\":[\"user\"],"
            + "\"iat\":1796551200,\"exp\":1796580000,\"jti\":\"j-1\",\"sv\":3}";

    private static String code(TokenVerdict verdict) {
        return assertInstanceOf(TokenVerdict.Refused.class, verdict).problem().code();
    }

    @Test
    void aTokenHearthSignedIsItsSubjects() {
        TokenVerdict verdict = SignInTokens.check(issue("hearth", hearth.getPrivate(), NOW), keys, NOW);

        ClaimsPrincipal alice =
                assertInstanceOf(TokenVerdict.Accepted.class, verdict).principal();
        assertEquals("alice", alice.getName());
        assertEquals(42, alice.accountId());
        assertEquals(3, alice.sessionVersion());
        assertEquals(Set.of("user", "admin"), alice.getGroups());
        assertEquals(NOW.plus(Duration.ofHours(8)).getEpochSecond(), alice.getExpirationTime());
        assertEquals("Alice Doe", alice.getClaim("name"));
    }

    @Test
    void theSecondKeyVerifiesItsOwnTokens() throws Exception {
        String token = signed("{\"alg\":\"RS256\",\"kid\":\"key-2\"}", CLAIMS, other.getPrivate());

        assertInstanceOf(TokenVerdict.Accepted.class, SignInTokens.check(token, keys, NOW));
    }

    @Test
    void aTokenPastItsExpiryHasExpired() {
        String token = issue("hearth", hearth.getPrivate(), NOW.minus(Duration.ofHours(9)));

        assertEquals("token_expired", code(SignInTokens.check(token, keys, NOW)));
    }

    @Test
    void anythingNotSignedByHearthIsInvalid() throws Exception {
        String token = issue("hearth", hearth.getPrivate(), NOW);
        String[] parts = token.split("\\.");
        KeyPair stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(hearth.getPublic().getEncoded(), "HmacSHA256"));
        String hs256 = encode("{\"alg\":\"HS256\",\"kid\":\"key-1\"}") + "." + parts[1];
        hs256 += "." + BASE64URL.encodeToString(hmac.doFinal(hs256.getBytes(StandardCharsets.US_ASCII)));
        String expiredClaims = CLAIMS.replace("1796580000", "1796000000");

        for (String forged : List.of(
                issue("hearth", stranger.getPrivate(), NOW), // another key, Hearth's key id
                parts[0] + "." + encode(CLAIMS.replace("\"42\"", "\"1\"")) + "." + parts[2], // claims changed
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10), // signature cut
                parts[0] + "." + parts[1] + ".", // no signature
                encode("{\"alg\":\"none\"}") + "." + parts[1] + ".", // alg none
                hs256, // the public key used as an HMAC secret
                signed("{\"alg\":\"RS256\",\"kid\":\"key-1\"}", expiredClaims, stranger.getPrivate()),
                "",
                "garbage",
                "a.b",
                "a.b.c",
                "a.b.c.d",
                "...",
                token + ".",
                token + "x")) {
            assertEquals("token_invalid", code(SignInTokens.check(forged, keys, NOW)), forged);
        }
    }

    @Test
    void aHeaderMustNameRs256AndTheKeyThatVerifiedIt() throws Exception {
        for (String header : List.of(
                "{\"alg\":\"RS256\",\"kid\":\"key-2\"}", // signed with key-1
                "{\"alg\":\"RS256\"}",
                "{\"alg\":\"RS512\",\"kid\":\"key-1\"}",
                "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"crit\":[\"exp\"]}",
                "[\"RS256\"]",
                "{\"alg\":\"RS256\",\"kid\":\"key-1\"")) { // cut short
            String token = signed(header, CLAIMS, hearth.getPrivate());
            assertEquals("token_invalid", code(SignInTokens.check(token, keys, NOW)), header);
        }
    }

    @Test
    void signedClaimsMustBeASignInTokens() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"key-1\"}";
        for (String claims : List.of(
                CLAIMS.replace("\"iss\":\"hearth\"", "\"iss\":\"https://hearth.example\""), // an ID token
                CLAIMS.replace("\"jti\":\"j-1\",", ""),
                CLAIMS.replace("\"sub\":\"42\"", "\"sub\":\"alice\""),
                CLAIMS.replace("\"exp\":1796580000,", ""),
                CLAIMS.replace("\"exp\":1796580000", "\"exp\":\"tomorrow\""),
                CLAIMS.replace("[\"user\"]", "\"user\""),
                "{\"iss\":\"hearth\"}",
                "[]",
                CLAIMS.substring(0, CLAIMS.length() - 1))) {
            assertEquals(
                    "token_invalid",
                    code(SignInTokens.check(signed(header, claims, hearth.getPrivate()), keys, NOW)),
                    claims);
        }
    }
}
