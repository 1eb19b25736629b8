package dev.hearth.problems;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * A request body that is not JSON, or JSON of the wrong shape, is the client's mistake: 400 {@code malformed_json},
 * never 500. Only failures while reading the request body count: JSON that Hearth fails to write, or an upstream
 * answer it fails to parse, is Hearth's own error (500 with an incident id).
 */
@Provider
public class MalformedRequestBodies implements ReaderInterceptor {

    static final Problem PROBLEM = new Problem(400, "malformed_json",
            "The request body is not valid JSON, or a field has the wrong type.");

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof JsonbException || t instanceof JsonException) {
                    throw new ApiException(PROBLEM);
                }
            }
            throw e;
        }
    }
}
