package dev.hearth.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Signed-out tokens and the check that a token's session is still alive: per request for sign-in tokens, and for
 * every kind while an event stream it opened stays open.
 */
@ApplicationScoped
public class Sessions {

    @PersistenceContext
    EntityManager em;

    /**
     * Whether the token was not signed out, and its account exists, is enabled and still has the session version
     * the token was issued with (no role or password change since): one query.
     */
    public boolean alive(String jti, long accountId, long sessionVersion) {
        if (jti.startsWith(TokenPrincipal.TOKEN_ID_PREFIX)) {
            return apiTokenAlive(jti.substring(TokenPrincipal.TOKEN_ID_PREFIX.length()), accountId, sessionVersion);
        }
        Object row = em.createNativeQuery("select count(*) from account a where a.id = ?1 and a.disabled = false"
                        + " and a.session_version = ?3"
                        + " and not exists (select 1 from revoked_token r where r.jti = ?2)")
                .setParameter(1, accountId)
                .setParameter(2, jti)
                .setParameter(3, sessionVersion)
                .getSingleResult();
        return ((Number) row).longValue() == 1;
    }

    /** An API token has not been deleted or expired, and its owner is enabled with the same session version. */
    private boolean apiTokenAlive(String tokenId, long accountId, long sessionVersion) {
        Object row = em.createNativeQuery("select count(*) from api_token t join account a on a.id = t.account_id"
                        + " where t.id = ?1 and a.id = ?2 and a.disabled = false and a.session_version = ?3"
                        + " and t.session_version = a.session_version and t.expires_at > ?4")
                .setParameter(1, Long.parseLong(tokenId))
                .setParameter(2, accountId)
                .setParameter(3, sessionVersion)
                .setParameter(4, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .getSingleResult();
        return ((Number) row).longValue() == 1;
    }

    /** {@link #alive}, in a transaction of its own: for checks off a request thread (open event streams). */
    @Transactional
    public boolean stillAlive(String jti, long accountId, long sessionVersion) {
        return alive(jti, accountId, sessionVersion);
    }

    /** Signs a token out; forgets the revocations that have expired anyway. */
    @Transactional
    public void revoke(String jti, Instant expiresAt) {
        if (em.find(RevokedToken.class, jti) == null) {
            em.persist(new RevokedToken(jti, expiresAt));
        }
        em.createQuery("delete from RevokedToken r where r.expiresAt < :now")
                .setParameter("now", Instant.now())
                .executeUpdate();
    }
}
