package dev.hearth.oauth;

import java.time.Instant;
import java.util.List;

/** A registered application; {@code clientSecret} only in the answer that made or rotated it. */
public record ClientView(
        long id,
        String clientId,
        String name,
        List<String> redirectUris,
        boolean confidential,
        Instant createdAt,
        Instant updatedAt,
        String clientSecret) {

    static ClientView of(OAuthClient client, String secret) {
        return new ClientView(
                client.id,
                client.clientId,
                client.name,
                client.redirects(),
                client.confidential,
                client.createdAt,
                client.updatedAt,
                secret);
    }
}
