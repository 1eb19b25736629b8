package dev.hearth.lifecycle;

import dev.hearth.problems.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The first filter: counts the requests in flight for {@link Shutdown}, and while the instance drains, answers new
 * ones 503 {@code stopping} with {@code Retry-After} and {@code Connection: close}: nothing of them was done, so a
 * client or a load balancer may send them again to another instance.
 */
public class RequestGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Shutdown shutdown;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        shutdown.started(); // counted before the check: a drain that began meanwhile waits for it, or it is refused
        if (shutdown.draining()) {
            shutdown.finished();
            request.setAttribute(
                    Problem.ATTRIBUTE,
                    new Problem(
                            503,
                            "stopping",
                            "This instance of Hearth is stopping and took nothing of this request; send it again."));
            response.setHeader("Retry-After", "1");
            response.setHeader("Connection", "close");
            response.sendError(503);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            shutdown.finished();
        }
    }
}
