package dev.hearth.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Signed-out tokens and the per-request check that a token's session is still alive. */
@ApplicationScoped
public class Sessions {

    @PersistenceContext
    EntityManager em;

    /**
     * Whether the token was not signed out, and its account exists, is enabled and still has the session version
     * the token was issued with (no role or password change since): one query.
     */
    public boolean alive(String jti, long accountId, long sessionVersion) {
        Object row = em.createNativeQuery("select count(*) from account a where a.id = ?1 and a.disabled = false"
                        + " and a.session_version = ?3"
                        + " and not exists (select 1 from revoked_token r where r.jti = ?2)")
                .setParameter(1, accountId)
                .setParameter(2, jti)
                .setParameter(3, sessionVersion)
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
