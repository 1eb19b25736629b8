package dev.hearth.problems;

import dev.hearth.security.AuthProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Gives JAX-RS's own exceptions (unknown path, wrong method, wrong media type, denied role) the problem shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof ApiException api) {
            return api.getResponse();
        }
        return forStatus(exception.getResponse().getStatus(), request).toResponse();
    }

    static Problem forStatus(int status, HttpServletRequest request) {
        if (request != null
                && request.getAttribute(Problem.ATTRIBUTE) instanceof Problem told
                && told.status() == status) {
            return told;
        }
        return switch (status) {
            case 400 -> new Problem(400, "bad_request", "The request is not well-formed.");
            case 401 -> AuthProblems.unauthorized(request);
            case 403 -> new Problem(403, "forbidden", "You are not allowed to do this.");
            case 404 -> new Problem(404, "not_found", "There is nothing at this address.");
            case 405 -> new Problem(
                    405,
                    "method_not_allowed",
                    "This address does not support the HTTP method " + (request == null ? "used" : request.getMethod())
                            + ".");
            case 406 -> new Problem(406, "not_acceptable", "This address answers in JSON only.");
            case 415 -> new Problem(415, "unsupported_media_type", "Send the request body as application/json.");
            default -> status >= 500
                    ? new Problem(status, "internal_error", "Something went wrong on our side.")
                    : new Problem(status, "http_" + status, "The request could not be handled.");
        };
    }
}
