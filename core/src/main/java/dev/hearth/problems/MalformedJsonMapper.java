package dev.hearth.problems;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not JSON, or JSON of the wrong shape, is the client's mistake: 400, never 500. */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonbException> {

    static final Problem PROBLEM = new Problem(400, "malformed_json",
            "The request body is not valid JSON, or a field has the wrong type.");

    @Override
    public Response toResponse(JsonbException exception) {
        return PROBLEM.toResponse();
    }

    static boolean causedByJson(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (WebApplicationExceptionMapper.isJsonFailure(t)) {
                return true;
            }
        }
        return false;
    }


}
