package dev.hearth.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A lease row per background job: the holder may run the job until the lease expires, and renews it on each
 * run; when a holder stops renewing, another instance takes over after the lease runs out. The row is locked
 * while deciding, so two instances never both win.
 */
@ApplicationScoped
public class Lease {

    @PersistenceContext
    EntityManager em;

    /** Takes or renews the lease; answers whether this holder has it now. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean acquire(String job, String holder, Duration ttl) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("insert ignore into job_lease (name, holder, expires_at) values (?1, '', ?2)")
                .setParameter(1, job)
                .setParameter(2, now.minusSeconds(1))
                .executeUpdate();
        List<?> rows = em.createNativeQuery("select holder, expires_at from job_lease where name = ?1 for update")
                .setParameter(1, job)
                .getResultList();
        Object[] row = (Object[]) rows.get(0);
        String current = (String) row[0];
        LocalDateTime expires = row[1] instanceof java.sql.Timestamp t ? t.toLocalDateTime() : (LocalDateTime) row[1];
        if (!current.equals(holder) && now.isBefore(expires)) {
            return false;
        }
        em.createNativeQuery("update job_lease set holder = ?1, expires_at = ?2 where name = ?3")
                .setParameter(1, holder)
                .setParameter(2, now.plus(ttl))
                .setParameter(3, job)
                .executeUpdate();
        return true;
    }

    /** Gives the lease up, if this holder has it, so that another instance takes it at its next try. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String job, String holder) {
        em.createNativeQuery("update job_lease set expires_at = ?1 where name = ?2 and holder = ?3")
                .setParameter(1, LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                .setParameter(2, job)
                .setParameter(3, holder)
                .executeUpdate();
    }
}
