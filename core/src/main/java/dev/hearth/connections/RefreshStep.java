package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The database side of one refresh, in three short transactions around the upstream call, which holds neither a row
 * lock nor a pooled connection: {@link #claim} takes a lease on the connection (or finds it refreshed, or someone else
 * refreshing), {@link #complete} stores the new tokens and ends the lease, {@link #fail} ends it after a failure and,
 * for a refused refresh token, marks the connection expired with its reason.
 */
@ApplicationScoped
public class RefreshStep {

    private static final Logger LOGGER = Logger.getLogger(RefreshStep.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<ConnectionChanged> changes;

    @Inject
    Secrets secrets;

    /** What a claim found. */
    public sealed interface Claim {}

    /** Refreshed meanwhile (on this instance or another): the tokens to use. */
    public record Done(Credential.OAuth2 credential) implements Claim {}

    /** Someone else holds the lease until then. */
    public record Busy(Instant until) implements Claim {}

    /** The lease is this caller's: the stored tokens, the endpoint that issued them, and the grant's times. */
    public record Mine(String holder, Credential.OAuth2 stored, URI tokenUrl, Instant grantedAt, Instant refreshedAt)
            implements Claim {}

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(long connectionId, long accountId, String pluginId, String seen, Duration lease) {
        List<?> rows = em.createNativeQuery("select credential, status, granted_at, refreshed_at, instance_url,"
                        + " refresh_holder, refresh_until from connection where id = ?1 for update")
                .setParameter(1, connectionId)
                .getResultList();
        if (rows.isEmpty()) {
            throw new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "The connection was removed");
        }
        Object[] row = (Object[]) rows.get(0);
        if (!UserConnection.CONNECTED.equals(row[1])) {
            throw new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "The connection has expired");
        }
        Credentials.Opened opened = Credentials.open(secrets, (String) row[0], accountId, pluginId, (String) row[4]);
        Credential.OAuth2 stored = (Credential.OAuth2) opened.credential();
        if (!stored.accessToken().equals(seen)) {
            return new Done(stored);
        }
        if (stored.refreshToken() == null) {
            throw new UpstreamException(
                    UpstreamException.Kind.UNAUTHORIZED, "The access token expired and there is no refresh token");
        }
        Instant now = Instant.now();
        Instant until = instant(row[6]);
        if (row[5] != null && until != null && until.isAfter(now)) {
            return new Busy(until);
        }
        String holder = UUID.randomUUID().toString();
        em.createNativeQuery("update connection set refresh_holder = ?1, refresh_until = ?2 where id = ?3")
                .setParameter(1, holder)
                .setParameter(2, LocalDateTime.ofInstant(now.plus(lease), ZoneOffset.UTC))
                .setParameter(3, connectionId)
                .executeUpdate();
        return new Mine(holder, stored, opened.tokenUrl(), instant(row[2]), instant(row[3]));
    }

    /**
     * Stores the new tokens and ends the lease. A lease that ran out meanwhile still stores them when nobody refreshed
     * since (the upstream has rotated the refresh token already, and the old one is dead); when someone did, their
     * tokens stand and these are not used.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Credential.OAuth2 complete(
            long connectionId, long accountId, String pluginId, Mine claim, Credential.OAuth2 fresh, URI tokenUrl) {
        List<?> rows = em.createNativeQuery(
                        "select instance_url, refresh_holder, credential from connection where id = ?1 for update")
                .setParameter(1, connectionId)
                .getResultList();
        if (rows.isEmpty()) {
            throw new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "The connection was removed");
        }
        Object[] row = (Object[]) rows.get(0);
        if (!claim.holder().equals(row[1])) {
            Credential current = Credentials.open(secrets, (String) row[2], accountId, pluginId, (String) row[0])
                    .credential();
            if (current instanceof Credential.OAuth2 now
                    && !now.accessToken().equals(claim.stored().accessToken())) {
                return now;
            }
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("update connection set credential = ?1, updated_at = ?2, refreshed_at = ?2,"
                        + " refresh_holder = null, refresh_until = null where id = ?3")
                .setParameter(1, Credentials.seal(secrets, fresh, accountId, pluginId, (String) row[0], tokenUrl))
                .setParameter(2, now)
                .setParameter(3, connectionId)
                .executeUpdate();
        return fresh;
    }

    /**
     * Ends the lease after a failed refresh, whatever failed; a refused refresh token expires the connection, with its
     * reason.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(
            long connectionId, long accountId, String pluginId, OAuth2Flow flow, Mine claim, RuntimeException e) {
        if (!(e instanceof UpstreamException refused) || refused.kind() != UpstreamException.Kind.UNAUTHORIZED) {
            em.createNativeQuery("update connection set refresh_holder = null, refresh_until = null"
                            + " where id = ?1 and refresh_holder = ?2")
                    .setParameter(1, connectionId)
                    .setParameter(2, claim.holder())
                    .executeUpdate();
            return;
        }
        Instant now = Instant.now();
        String reason = reason(flow, claim.grantedAt(), claim.refreshedAt(), now);
        em.createNativeQuery("update connection set status = 'expired', status_reason = ?1, status_detail = ?2,"
                        + " updated_at = ?3, refresh_holder = null, refresh_until = null where id = ?4"
                        + " and refresh_holder = ?5")
                .setParameter(1, reason)
                .setParameter(2, detail(e.getMessage()))
                .setParameter(3, LocalDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(4, connectionId)
                .setParameter(5, claim.holder())
                .executeUpdate();
        changes.fire(new ConnectionChanged(accountId, pluginId));
        LOGGER.info("The " + pluginId + " refresh token of user " + accountId + " was refused (" + reason
                + "); the connection is now expired");
    }

    /**
     * Why the upstream refused a refresh token, as far as its limits tell: past the grant's lifetime from the user's
     * consent, unused longer than its idle limit since the last refresh (or the consent), or else refused for a
     * reason only the upstream knows (a changed password, revoked access, a reused token).
     */
    static String reason(OAuth2Flow flow, Instant grantedAt, Instant refreshedAt, Instant now) {
        if (flow.refreshTokenLifetime() != null
                && grantedAt != null
                && !grantedAt.plus(flow.refreshTokenLifetime()).isAfter(now)) {
            return UserConnection.REFRESH_LIFETIME;
        }
        Instant lastUse = refreshedAt != null ? refreshedAt : grantedAt;
        if (flow.refreshTokenIdleLimit() != null
                && lastUse != null
                && !lastUse.plus(flow.refreshTokenIdleLimit()).isAfter(now)) {
            return UserConnection.REFRESH_UNUSED;
        }
        return UserConnection.REFRESH_REFUSED;
    }

    private static String detail(String message) {
        return message == null || message.length() <= 300 ? message : message.substring(0, 299) + "…";
    }

    private static Instant instant(Object column) {
        if (column instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (column instanceof LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC);
        }
        return null;
    }
}
