package dev.hearth.problems;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The database out of reach (restarting, failing over, the network between): not Hearth's bug, and over by itself, so
 * answered {@code 503 database_unavailable} with {@code Retry-After}, never 500. Its transaction did not commit.
 */
public final class DatabaseOutage {

    /** Seconds a client waits before it tries again. */
    static final int RETRY_AFTER = 2;

    private DatabaseOutage() {}

    /** Whether the failure comes from a connection to the database that could not be made or was lost. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true; // SQL state class 08: connection exception
            }
            // Payara's connection pool could not hand out a connection
            String type = t.getClass().getName();
            if (type.equals("com.sun.appserv.connectors.internal.api.PoolingException")
                    || type.equals("jakarta.resource.spi.ResourceAllocationException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database is out of reach now: asked when something failed that does not say why (a transaction
     * whose commit failed in the transaction manager, say), on the error path only.
     */
    public static boolean now(javax.sql.DataSource dataSource) {
        if (dataSource == null) {
            return false;
        }
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return !connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    public static Problem problem() {
        return new Problem(
                503,
                "database_unavailable",
                "Hearth cannot reach its database at the moment, so nothing was done; try again in a few seconds.",
                java.util.Map.of("retryAfter", RETRY_AFTER));
    }

    /** Answers the request 503 through the error page (from the authentication mechanism, before JAX-RS). */
    public static void refuse(HttpServletRequest request, HttpServletResponse response) {
        request.setAttribute(Problem.ATTRIBUTE, problem());
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER));
        try {
            response.sendError(503);
        } catch (IOException gone) {
            // the client went away; nothing to answer
        }
    }
}
