package dev.hearth.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * A lease row per background job: the holder may run the job until the lease expires, and renews it on each
 * run; when a holder stops renewing, another instance takes over after the lease runs out. Each transaction here is
 * one statement that locks the row exclusively at once (the read after it locks nothing), so that two instances
 * never both win and a renewal racing a release or another renewal waits rather than deadlocks. (An {@code insert
 * ignore} of a row that exists takes a shared lock; asking for the exclusive one afterwards, while another
 * transaction waits for it, is a deadlock, and MariaDB kills one of the two.)
 */
@ApplicationScoped
public class Lease {

    @PersistenceContext
    EntityManager em;

    /**
     * Takes or renews the lease; answers whether this holder has it now. The database's clock decides, so that the
     * instances' clocks need not agree. Both assignments test the same condition, so that the result does not depend
     * on whether MariaDB assigns one after the other or all at once.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean acquire(String job, String holder, Duration ttl) {
        String free = "holder = ?2 or expires_at < utc_timestamp(6)";
        String until = "utc_timestamp(6) + interval ?3 microsecond";
        em.createNativeQuery("insert into job_lease (name, holder, expires_at) values (?1, ?2, " + until + ")"
                        + " on duplicate key update holder = if(" + free + ", ?2, holder),"
                        + " expires_at = if(" + free + ", " + until + ", expires_at)")
                .setParameter(1, job)
                .setParameter(2, holder)
                .setParameter(3, ttl.toNanos() / 1000)
                .executeUpdate();
        return holder.equals(em.createNativeQuery("select holder from job_lease where name = ?1")
                .setParameter(1, job)
                .getSingleResult());
    }

    /** Gives the lease up, if this holder has it, so that another instance takes it at its next try. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String job, String holder) {
        em.createNativeQuery("update job_lease set expires_at = utc_timestamp(6) - interval 1 second"
                        + " where name = ?1 and holder = ?2")
                .setParameter(1, job)
                .setParameter(2, holder)
                .executeUpdate();
    }
}
