package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Logger;

/**
 * One refresh, in its own transaction holding the connection's row lock. A refused refresh token commits the
 * connection's {@code expired} status before the failure goes up.
 */
@ApplicationScoped
public class RefreshStep {

    private static final Logger LOGGER = Logger.getLogger(RefreshStep.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    @Inject
    UpstreamHttp http;

    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = UpstreamException.class)
    public Credential.OAuth2 refresh(long connectionId, long accountId, String pluginId, OAuth2Flow flow, String seen) {
        List<?> rows = em.createNativeQuery(
                        "select credential, status, granted_at, refreshed_at from connection where id = ?1 for update")
                .setParameter(1, connectionId)
                .getResultList();
        if (rows.isEmpty()) {
            throw new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "The connection was removed");
        }
        Object[] row = (Object[]) rows.get(0);
        if (!UserConnection.CONNECTED.equals(row[1])) {
            throw new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "The connection has expired");
        }
        Credential.OAuth2 stored = (Credential.OAuth2) Credentials.open(secrets, (String) row[0], accountId, pluginId);
        if (!stored.accessToken().equals(seen)) {
            return stored; // refreshed meanwhile, on this instance or another
        }
        if (stored.refreshToken() == null) {
            throw new UpstreamException(
                    UpstreamException.Kind.UNAUTHORIZED, "The access token expired and there is no refresh token");
        }
        try {
            Credential.OAuth2 fresh = http.of(pluginId).oauth().refresh(flow, stored.refreshToken());
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            em.createNativeQuery(
                            "update connection set credential = ?1, updated_at = ?2, refreshed_at = ?2 where id = ?3")
                    .setParameter(1, Credentials.seal(secrets, fresh, accountId, pluginId))
                    .setParameter(2, now)
                    .setParameter(3, connectionId)
                    .executeUpdate();
            return fresh;
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                Instant now = Instant.now();
                String reason = reason(flow, instant(row[2]), instant(row[3]), now);
                em.createNativeQuery("update connection set status = 'expired', status_reason = ?1, status_detail = ?2,"
                                + " updated_at = ?3 where id = ?4")
                        .setParameter(1, reason)
                        .setParameter(2, detail(e.getMessage()))
                        .setParameter(3, LocalDateTime.ofInstant(now, ZoneOffset.UTC))
                        .setParameter(4, connectionId)
                        .executeUpdate();
                LOGGER.info("The " + pluginId + " refresh token of user " + accountId + " was refused (" + reason
                        + "); the connection is now expired");
            }
            throw e;
        }
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
