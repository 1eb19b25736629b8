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
        List<?> rows = em.createNativeQuery("select credential, status from connection where id = ?1 for update")
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
            Credential.OAuth2 fresh = http.oauth().refresh(flow, stored.refreshToken());
            em.createNativeQuery("update connection set credential = ?1, updated_at = ?2 where id = ?3")
                    .setParameter(1, Credentials.seal(secrets, fresh, accountId, pluginId))
                    .setParameter(2, LocalDateTime.now(ZoneOffset.UTC))
                    .setParameter(3, connectionId)
                    .executeUpdate();
            return fresh;
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                em.createNativeQuery("update connection set status = 'expired', updated_at = ?1 where id = ?2")
                        .setParameter(1, LocalDateTime.now(ZoneOffset.UTC))
                        .setParameter(2, connectionId)
                        .executeUpdate();
                LOGGER.info("The " + pluginId + " refresh token of user " + accountId
                        + " was refused; the connection is now expired");
            }
            throw e;
        }
    }
}
