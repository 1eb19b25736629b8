package dev.hearth.security;

import static dev.hearth.json.Jsonp.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.Claims;

/**
 * Verifies Hearth's sign-in tokens: RS256 JWTs that {@link TokenIssuer} signed with one of {@link SigningKeys}'
 * keys, still within their lifetime, whose session is still alive ({@link Sessions#alive}: not signed out, the
 * account enabled and with the session version the token carries).
 *
 * <p>Nothing the caller sent is parsed before its signature is proven: the signature is checked against each of
 * Hearth's public keys (there are one or two), and only then are the header ({@code alg} must be {@code RS256},
 * {@code kid} the key that verified it, no {@code crit}) and the claims read. The claims must be the ones
 * {@link TokenIssuer} writes, with the issuer {@code hearth}: an ID token Hearth's OpenID Connect provider signed for
 * a client, with the public URL as its issuer, is not a sign-in token.
 *
 * <p>Verified here rather than by MicroProfile JWT's mechanism, which looked the public keys up and parsed them again
 * for every request, and took most of a request's time doing so; the checks are the same.
 */
@ApplicationScoped
public class SignInTokens {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    static final String INVALID =
            "The token is not valid: it is malformed, wrongly signed, or from another issuer. Sign in again.";

    @Inject
    SigningKeys keys;

    @Inject
    Sessions sessions;

    private final Clock clock = Clock.systemUTC();

    /**
     * Tokens whose signature and claims were found good, by the token itself: the same string carries the same
     * signature, so a user's next request skips the RSA check and the parsing. Its expiry is checked each time.
     */
    private final Map<String, SessionPrincipal> verified = new ConcurrentHashMap<>();

    private static final int MAX_VERIFIED = 10_000;

    /** Checks a token: its signature and claims, then its session. */
    public TokenVerdict verify(String token) {
        Instant now = clock.instant();
        SessionPrincipal known = verified.get(token);
        if (known != null && known.getExpirationTime() <= now.getEpochSecond()) {
            verified.remove(token);
            known = null;
        }
        TokenVerdict verdict = known != null ? new TokenVerdict.Accepted(known) : check(token, keys.publicKeys(), now);
        if (verdict instanceof TokenVerdict.Accepted accepted) {
            ClaimsPrincipal principal = accepted.principal();
            if (known == null) {
                if (verified.size() >= MAX_VERIFIED) {
                    verified.clear();
                }
                verified.put(token, (SessionPrincipal) principal);
            }
            if (!sessions.alive(principal.getTokenID(), principal.accountId(), principal.sessionVersion())) {
                return TokenVerdict.refused(
                        "session_ended",
                        "This session has ended: it was signed out, the account's role or password changed, or the"
                                + " account was disabled or deleted. Sign in again.");
            }
        }
        return verdict;
    }

    /** The signature, header and claims of a token, at a moment: without its session, which is the database's. */
    static TokenVerdict check(String token, Map<String, RSAPublicKey> keys, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return invalid();
        }
        byte[] signature;
        try {
            signature = BASE64URL.decode(parts[2]);
        } catch (IllegalArgumentException notBase64) {
            return invalid();
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        Optional<String> kid = keys.entrySet().stream()
                .filter(key -> verifies(key.getValue(), signed, signature))
                .map(Map.Entry::getKey)
                .findFirst();
        if (kid.isEmpty()) {
            return invalid();
        }
        try {
            JsonObject header = object(parts[0]);
            if (!"RS256".equals(string(header, "alg"))
                    || !kid.get().equals(string(header, "kid"))
                    || header.containsKey("crit")) {
                return invalid();
            }
            JsonObject payload = object(parts[1]);
            Map<String, Object> claims = claims(payload);
            if (!SigningKeys.ISSUER.equals(claims.get(Claims.iss.name()))) {
                return invalid();
            }
            if ((Long) claims.get(Claims.exp.name()) <= now.getEpochSecond()) {
                return TokenVerdict.refused("token_expired", "Your session has expired. Sign in again.");
            }
            return new TokenVerdict.Accepted(new SessionPrincipal(claims));
        } catch (RuntimeException malformed) {
            // signed by Hearth, yet not a sign-in token's shape: another kind of Hearth JWT
            return invalid();
        }
    }

    private static Map<String, Object> claims(JsonObject payload) {
        Map<String, Object> claims = new HashMap<>();
        for (Claims name : Set.of(Claims.iss, Claims.sub, Claims.upn, Claims.jti)) {
            claims.put(name.name(), required(string(payload, name.name())));
        }
        Long.parseLong((String) claims.get(Claims.sub.name())); // an account's id
        claims.put(Claims.preferred_username.name(), string(payload, Claims.preferred_username.name()));
        claims.put("name", string(payload, "name"));
        claims.put(Claims.iat.name(), payload.getJsonNumber(Claims.iat.name()).longValueExact());
        claims.put(Claims.exp.name(), payload.getJsonNumber(Claims.exp.name()).longValueExact());
        JsonNumber version = payload.getJsonNumber(TokenIssuer.SESSION_VERSION);
        claims.put(TokenIssuer.SESSION_VERSION, version == null ? 0L : version.longValueExact());
        Set<String> groups = new LinkedHashSet<>();
        for (JsonString group : payload.getJsonArray(Claims.groups.name()).getValuesAs(JsonString.class)) {
            groups.add(group.getString());
        }
        claims.put(Claims.groups.name(), Set.copyOf(groups));
        return claims;
    }

    private static boolean verifies(RSAPublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signed);
            return rsa.verify(signature);
        } catch (GeneralSecurityException wrongShape) {
            return false;
        }
    }

    private static JsonObject object(String part) {
        try (JsonReader reader =
                JSON.createReader(new StringReader(new String(BASE64URL.decode(part), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }

    private static String required(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a claim is missing");
        }
        return value;
    }

    private static TokenVerdict invalid() {
        return TokenVerdict.refused("token_invalid", INVALID);
    }
}
