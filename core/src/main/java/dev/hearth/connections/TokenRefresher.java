package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.plugins.HttpUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Refreshes OAuth tokens so that concurrent requests cause exactly one refresh: requests on this instance queue on a
 * lock per connection; instances take a lease on the connection's row ({@link RefreshStep#claim}) that outlasts the
 * longest upstream call, and whoever finds it taken waits for its end and then finds a newer access token than the one
 * it saw. No database connection or row lock is held while the upstream answers. The refresh token goes only to the
 * token endpoint that issued it; the rotated one is stored before the lease ends. A refused refresh token marks the
 * connection expired.
 */
@ApplicationScoped
public class TokenRefresher {

    private static final Duration WAIT_STEP = Duration.ofMillis(100);

    @Inject
    RefreshStep step;

    @Inject
    UpstreamHttp http;

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
            while (true) {
                RefreshStep.Claim claim =
                        step.claim(connection.id, connection.accountId, connection.pluginId, seen, http.longestCall());
                if (claim instanceof RefreshStep.Done done) {
                    return done.credential();
                }
                if (claim instanceof RefreshStep.Busy busy) {
                    waitFor(busy.until());
                    continue;
                }
                return refresh(connection, flow, (RefreshStep.Mine) claim);
            }
        } finally {
            lock.unlock();
        }
    }

    private Credential.OAuth2 refresh(UserConnection connection, OAuth2Flow flow, RefreshStep.Mine claim) {
        URI tokenUrl = claim.tokenUrl() != null ? claim.tokenUrl() : flow.tokenUrl();
        try {
            if (!HttpUrls.same(tokenUrl.toString(), flow.tokenUrl().toString())) {
                throw new UpstreamException(
                        UpstreamException.Kind.UNAUTHORIZED,
                        "The plugin is now set up for another token endpoint; connect again.");
            }
            Credential.OAuth2 fresh = http.of(connection.pluginId)
                    .oauth()
                    .refresh(flow, tokenUrl, claim.stored().refreshToken());
            return step.complete(connection.id, connection.accountId, connection.pluginId, claim, fresh, tokenUrl);
        } catch (RuntimeException e) {
            // any failure ends the lease at once: the others need not wait for it to run out
            step.fail(connection.id, connection.accountId, connection.pluginId, flow, claim, e);
            throw e;
        }
    }

    /** Another caller (on another instance) is refreshing: waits a step, or until its lease runs out. */
    private static void waitFor(Instant until) {
        long millis = Math.min(
                WAIT_STEP.toMillis(),
                Math.max(1, Duration.between(Instant.now(), until).toMillis()));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "Interrupted while waiting for a refresh");
        }
    }
}
