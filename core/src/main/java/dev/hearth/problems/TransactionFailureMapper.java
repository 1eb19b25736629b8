package dev.hearth.problems;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A {@code @Transactional} method's failure, answered as every other ({@link UnexpectedExceptionMapper}): before
 * Jersey's own mapper for these, which failed itself on a commit the database was no longer there for (a 500).
 */
@Provider
@Priority(Priorities.USER - 100)
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(TransactionalException exception) {
        UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();
        mapper.request = request;
        return mapper.toResponse(exception);
    }
}
