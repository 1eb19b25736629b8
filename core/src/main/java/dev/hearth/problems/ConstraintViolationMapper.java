package dev.hearth.problems;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Bean Validation failures on request bodies and parameters: 400 with one message per field. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        List<Map<String, String>> errors = exception.getConstraintViolations().stream()
                .map(v -> Map.of("field", field(v), "message", v.getMessage()))
                .sorted(Comparator.comparing((Map<String, String> e) -> e.get("field")))
                .toList();
        String detail = errors.isEmpty()
                ? "The request is not valid."
                : errors.stream()
                        .map(e -> e.get("field") + ": " + e.get("message"))
                        .reduce((a, b) -> a + "; " + b)
                        .orElseThrow();
        return new Problem(400, "validation_failed", detail, Map.of("errors", errors)).toResponse();
    }

    /** The field name as the client knows it: the last property node, or "body" for the body itself. */
    static String field(ConstraintViolation<?> violation) {
        String name = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY && node.getName() != null) {
                name = node.getName();
            }
        }
        return name;
    }
}
