package dev.hearth.security;

import dev.hearth.BriefMemory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Signed-out tokens and the check that a token's session is still alive: per request for sign-in tokens, and for
 * every kind while an event stream it opened stays open.
 *
 * <p>A session found alive is remembered for {@link #RECHECK} seconds, so that a user's requests do not each ask the
 * database. What ends sessions on this instance ({@link #revoke}, and {@link SessionsEnded} from account changes)
 * makes it forget everything it remembered as soon as the change is committed, so that it takes effect at once here,
 * and on the other instances of a cluster as soon as the event reaches them (instances sharing the database without
 * forming a cluster see it within {@link #RECHECK} seconds).
 */
@ApplicationScoped
public class Sessions {

    /** How long, in seconds, a session found alive is believed without asking the database again. */
    public static final long RECHECK = 5;

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<SessionsEnded> ended;

    /** Sessions found alive (a session found ended is not remembered: it stays ended). */
    private final BriefMemory<String, Boolean> alive = new BriefMemory<>(Duration.ofSeconds(RECHECK), 100_000);

    /**
     * Whether the token was not signed out, and its account exists, is enabled and still has the session version
     * the token was issued with (no role or password change since): one query, or none when this was found within
     * the last {@link #RECHECK} seconds and no session ended since.
     */
    public boolean alive(String jti, long accountId, long sessionVersion) {
        return alive.get(
                        jti + "/" + accountId + "/" + sessionVersion,
                        () -> aliveInDatabase(jti, accountId, sessionVersion) ? Boolean.TRUE : null)
                != null;
    }

    /** Forgets every session remembered alive, once the transaction that ended some has committed. */
    void forget(@Observes(during = TransactionPhase.AFTER_COMPLETION) SessionsEnded event) {
        alive.forgetAll();
    }

    private boolean aliveInDatabase(String jti, long accountId, long sessionVersion) {
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
    public void revoke(String jti, long accountId, Instant expiresAt) {
        if (em.find(RevokedToken.class, jti) == null) {
            em.persist(new RevokedToken(jti, expiresAt));
        }
        ended.fire(new SessionsEnded(accountId));
        em.createQuery("delete from RevokedToken r where r.expiresAt < :now")
                .setParameter("now", Instant.now())
                .executeUpdate();
    }
}
