package dev.hearth.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A lease row per background job: the holder may run the job until the lease expires, and renews it on each
 * run; when a holder stops renewing, another instance takes over after the lease runs out. Each transaction here is
 * one statement that locks the row exclusively at once (the read after it locks nothing), so that two instances
 * never both win and a renewal racing a release or another renewal waits rather than deadlocks. (Reading the row
 * first, or an {@code insert ignore} before the update, takes a shared lock and then asks for an exclusive one:
 * MariaDB then kills one of two such transactions as a deadlock.)
 */
@ApplicationScoped
public class Lease {

    @PersistenceContext
    EntityManager em;

    /** Takes or renews the lease; answers whether this holder has it now. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean acquire(String job, String holder, Duration ttl) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        // the holder is assigned first: the expiry's condition then reads whether this holder has it now
        em.createNativeQuery("insert into job_lease (name, holder, expires_at) values (?1, ?2, ?3)"
                        + " on duplicate key update"
                        + " holder = if(holder = ?2 or expires_at < ?4, ?2, holder),"
                        + " expires_at = if(holder = ?2, ?3, expires_at)")
                .setParameter(1, job)
                .setParameter(2, holder)
                .setParameter(3, now.plus(ttl))
                .setParameter(4, now)
                .executeUpdate();
        return holder.equals(em.createNativeQuery("select holder from job_lease where name = ?1")
                .setParameter(1, job)
                .getSingleResult());
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
