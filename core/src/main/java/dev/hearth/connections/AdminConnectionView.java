package dev.hearth.connections;

import java.time.Instant;

/** A connection as administrators see it: whose, to what, in what state; never the credential. */
public record AdminConnectionView(
        long id,
        long userId,
        String pluginId,
        String status,
        String accountName,
        String instanceUrl,
        Instant createdAt,
        Instant updatedAt,
        String reason) {

    static AdminConnectionView of(UserConnection c) {
        return new AdminConnectionView(
                c.id,
                c.accountId,
                c.pluginId,
                c.status,
                c.displayName,
                c.instanceUrl,
                c.createdAt,
                c.updatedAt,
                c.statusReason);
    }
}
