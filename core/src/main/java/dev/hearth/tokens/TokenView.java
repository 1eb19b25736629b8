package dev.hearth.tokens;

import dev.hearth.security.Scopes;
import java.time.Instant;
import java.util.List;

/**
 * A token as its owner sees it. {@code token} is there once, in the answer that made it; {@code status} is
 * {@code active}, {@code expired}, or {@code ended} (its owner's role or password changed since it was made).
 */
public record TokenView(
        long id,
        String name,
        List<String> scopes,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String status,
        String token) {

    static TokenView of(ApiToken token, int ownerSessionVersion, Instant now, String secret) {
        String status = !token.expiresAt.isAfter(now)
                ? "expired"
                : token.sessionVersion != ownerSessionVersion ? "ended" : "active";
        return new TokenView(
                token.id,
                token.name,
                List.copyOf(Scopes.split(token.scopes)),
                token.hint,
                token.createdAt,
                token.expiresAt,
                token.lastUsedAt,
                status,
                secret);
    }
}
