package dev.hearth.security;

import dev.hearth.problems.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Says why a request was not authenticated: no token at all, a token past its {@code exp}, or a token that is
 * not valid. The token's claims are only read here to choose the message, never trusted.
 */
public final class AuthProblems {

    private AuthProblems() {}

    public static Problem unauthorized(HttpServletRequest request) {
        Optional<String> token = request == null ? Optional.empty() : BearerTokens.from(request);
        if (token.isEmpty()) {
            return new Problem(
                    401,
                    "authentication_required",
                    "Sign in first: send a bearer token in the Authorization header, or the session cookie.");
        }
        if (expired(token.get())) {
            return new Problem(401, "token_expired", "Your session has expired. Sign in again.");
        }
        return new Problem(
                401,
                "token_invalid",
                "The token is not valid: it is malformed, wrongly signed, signed out, or from another issuer.");
    }

    static boolean expired(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try (JsonReader reader = Json.createReader(
                new StringReader(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
            JsonObject claims = reader.readObject();
            JsonValue exp = claims.get("exp");
            return exp != null
                    && exp.getValueType() == JsonValue.ValueType.NUMBER
                    && claims.getJsonNumber("exp").longValue() <= Instant.now().getEpochSecond();
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
