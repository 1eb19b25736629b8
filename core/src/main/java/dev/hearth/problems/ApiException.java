package dev.hearth.problems;

import jakarta.ws.rs.WebApplicationException;
import java.util.Map;

/** Thrown by resources and services to answer with a problem. Carries a ready problem response. */
public class ApiException extends WebApplicationException {

    private final transient Problem problem;

    public ApiException(int status, String code, String detail) {
        this(new Problem(status, code, detail));
    }

    public ApiException(int status, String code, String detail, Map<String, ?> extensions) {
        this(new Problem(status, code, detail, extensions));
    }

    public ApiException(Problem problem) {
        this(problem, Map.of());
    }

    public ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), problem.toResponse(headers));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    /**
     * A numeric id from a path, or 404 with this code: an id that is no number names nothing, e.g.
     * {@code id(raw, "user_not_found", "user")}.
     */
    public static long id(String raw, String code, String what) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw notFound(code, "There is no " + what + " with id '" + raw + "'.");
        }
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }
}
