package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Refreshes OAuth tokens so that concurrent requests cause exactly one refresh: requests on this instance queue
 * on a lock per connection, instances queue on the connection's row ({@code SELECT … FOR UPDATE}); whoever gets
 * there second finds a newer access token than the one it saw and uses that. The rotated refresh token is stored
 * in the same transaction as the refresh. {@code invalid_grant} marks the connection expired.
 */
@ApplicationScoped
public class TokenRefresher {

    @Inject
    RefreshStep step;

    private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param seen the access token the caller found expiring
     * @return a fresh credential
     * @throws UpstreamException UNAUTHORIZED when the upstream refused the refresh token
     */
    public Credential.OAuth2 refresh(UserConnection connection, OAuth2Flow flow, String seen) {
        ReentrantLock lock = locks.computeIfAbsent(connection.id, id -> new ReentrantLock());
        lock.lock();
        try {
            return step.refresh(connection.id, connection.accountId, connection.pluginId, flow, seen);
        } finally {
            lock.unlock();
        }
    }
}
