package dev.hearth.problems;

import dev.hearth.json.JsonBodies;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every request body any resource reads passes here first: one longer than {@code hearth.request.body.limit} bytes
 * (default 1 MiB) is refused with 413 {@code payload_too_large}; a JSON body is parsed to its end before it is bound
 * ({@link JsonBodies}), so that JSON cut short is refused with 400 {@code malformed_json} at once instead of
 * sending the binding into an endless loop.
 *
 * <p>A body that is not JSON, or JSON of the wrong shape, is the client's mistake: 400 {@code malformed_json}, never
 * 500. Only failures while reading the request body count: JSON that Hearth fails to write, or an upstream answer
 * it fails to parse, is Hearth's own error (500 with an incident id).
 */
@Provider
public class RequestBodies implements ReaderInterceptor {

    static final int DEFAULT_LIMIT = 1024 * 1024;

    static final Problem MALFORMED =
            new Problem(400, "malformed_json", "The request body is not valid JSON, or a field has the wrong type.");

    private final int limit = ConfigProvider.getConfig()
            .getOptionalValue("hearth.request.body.limit", Integer.class)
            .orElse(DEFAULT_LIMIT);

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit) {
            throw tooLarge();
        }
        try {
            JsonBodies.check(context, limit);
        } catch (JsonBodies.TooLarge e) {
            throw tooLarge();
        } catch (JsonException e) {
            throw new ApiException(
                    400, MALFORMED.code(), "The request body is not valid JSON: " + e.getMessage() + ".");
        }
        try {
            return context.proceed();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof JsonbException || t instanceof JsonException) {
                    throw new ApiException(MALFORMED);
                }
            }
            throw e;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "The request body is longer than " + limit + " bytes.");
    }
}
