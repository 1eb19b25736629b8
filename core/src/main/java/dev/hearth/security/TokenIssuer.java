package dev.hearth.security;

import static dev.hearth.json.Jsonp.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;

/**
 * Signs Hearth's sign-in tokens: RS256 JWTs with the claims MicroProfile JWT names ({@code iss}, {@code sub},
 * {@code upn}, {@code groups}, {@code iat}, {@code exp}, {@code jti}) and the signing key's {@code kid}.
 * Plain JDK cryptography; {@link SignInTokens} verifies them.
 */
public final class TokenIssuer {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final String keyId;
    private final PrivateKey key;
    private final Clock clock;
    private final Duration lifetime;

    public TokenIssuer(String issuer, String keyId, PrivateKey key, Clock clock, Duration lifetime) {
        this.issuer = issuer;
        this.keyId = keyId;
        this.key = key;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** What a token says about its subject. */
    public record Subject(
            long accountId, String username, String displayName, Collection<String> groups, int sessionVersion) {}

    /** The claim with the account's session version when the token was issued (see {@link Sessions#alive}). */
    public static final String SESSION_VERSION = "sv";

    /** A signed token with the facts the caller needs without parsing it. */
    public record IssuedToken(String token, String jti, Instant issuedAt, Instant expiresAt) {}

    public IssuedToken issue(Subject subject) {
        Instant now = clock.instant();
        long iat = now.getEpochSecond();
        Instant expiresAt = Instant.ofEpochSecond(iat).plus(lifetime);
        String jti = newJti();
        JsonArrayBuilder groups = JSON.createArrayBuilder();
        subject.groups().forEach(groups::add);
        JsonObject header = JSON.createObjectBuilder()
                .add("alg", "RS256")
                .add("typ", "JWT")
                .add("kid", keyId)
                .build();
        JsonObject claims = JSON.createObjectBuilder()
                .add("iss", issuer)
                .add("sub", Long.toString(subject.accountId()))
                .add("upn", subject.username())
                .add("preferred_username", subject.username())
                .add("name", subject.displayName())
                .add("groups", groups)
                .add("iat", iat)
                .add("exp", expiresAt.getEpochSecond())
                .add("jti", jti)
                .add(SESSION_VERSION, subject.sessionVersion())
                .build();
        String signingInput = encode(header) + "." + encode(claims);
        return new IssuedToken(signingInput + "." + sign(signingInput), jti, Instant.ofEpochSecond(iat), expiresAt);
    }

    private String sign(String signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token with RS256", e);
        }
    }

    private static String encode(JsonObject json) {
        return BASE64URL.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** 128 random bits; UUID form keeps it readable in logs and the revocation table. */
    private static String newJti() {
        return new UUID(RANDOM.nextLong(), RANDOM.nextLong()).toString();
    }
}
