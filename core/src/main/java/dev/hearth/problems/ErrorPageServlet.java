package dev.hearth.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The container's error page: answers that never reach JAX-RS (the authentication mechanism's 401, unknown
 * paths outside the API, servlet errors) get the same problem body as everything else. Mapped in web.xml.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404; // not reached as an error page: nothing here
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseOutage.causedBy(failure)) {
            status = 503;
            request.setAttribute(Problem.ATTRIBUTE, DatabaseOutage.problem());
            response.setHeader("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER));
        }
        Problem problem = WebApplicationExceptionMapper.forStatus(status, request);
        if (status == 401) {
            dev.hearth.security.SessionCookie.clearIfPresent(request, response);
        }
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(problem.toJson().toString());
    }
}
