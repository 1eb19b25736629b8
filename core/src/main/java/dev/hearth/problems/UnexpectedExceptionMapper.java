package dev.hearth.problems;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last resort. Exceptions that arrive wrapped (by a transaction or EJB interceptor) are unwrapped to the
 * problem they carry; the database out of reach is {@link DatabaseOutage}; anything else is our bug: logged with an
 * incident id, answered 500 without details.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOGGER = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    /** Hearth's data source, or {@code null} when it is not bound (no database to blame then). */
    private static javax.sql.DataSource dataSource() {
        try {
            return (javax.sql.DataSource)
                    new javax.naming.InitialContext().lookup(dev.hearth.database.SchemaMigrator.DATA_SOURCE);
        } catch (javax.naming.NamingException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Response toResponse(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException wae) {
                WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper();
                mapper.request = request;
                return mapper.toResponse(wae);
            }
            if (t instanceof ConstraintViolationException cve) {
                return new ConstraintViolationMapper().toResponse(cve);
            }
        }
        boolean outage = DatabaseOutage.causedBy(exception);
        if (outage || DatabaseOutage.now(dataSource())) {
            if (outage) {
                LOGGER.warning("The database cannot be reached: " + exception);
            } else { // a failure that does not say so, while the database is out of reach: kept whole
                LOGGER.log(Level.WARNING, "A failure while the database cannot be reached", exception);
            }
            return DatabaseOutage.problem()
                    .toResponse(Map.of("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER)));
        }
        String incident = UUID.randomUUID().toString();
        LOGGER.log(Level.SEVERE, "Unexpected error, incident " + incident, exception);
        return new Problem(
                        500,
                        "internal_error",
                        "Something went wrong on our side. The incident id helps the administrator find it in the log.",
                        Map.of("incident", incident))
                .toResponse();
    }
}
