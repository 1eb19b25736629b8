package dev.hearth.database;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink, by default, answers a lost database connection by trying the query again twice, five seconds apart:
 * every request waited ten seconds while the database was out of reach. Hearth tries once more at once (a pooled
 * connection the database closed while it restarted is replaced by a new one), and otherwise answers at once that
 * the database is out of reach (503 {@code database_unavailable}). Named in persistence.xml.
 */
public class FailFast implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(1);
        session.getLogin().setDelayBetweenConnectionAttempts(0);
    }
}
