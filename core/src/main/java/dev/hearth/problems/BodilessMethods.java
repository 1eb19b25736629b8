package dev.hearth.problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * {@code GET}, {@code HEAD}, {@code DELETE}, {@code OPTIONS} and {@code TRACE} take no body anywhere in Hearth: a
 * request with one (a {@code Content-Length} above zero, or chunks) is refused with 400 {@code body_not_allowed}, so
 * that nothing it carries is silently dropped and no proxy in front can read it differently. The container refused
 * these itself, with an empty answer; the launcher lets them through to here so that the answer is problem+json.
 */
public class BodilessMethods extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final Set<String> BODILESS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (BODILESS.contains(request.getMethod())
                && (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null)) {
            request.setAttribute(
                    Problem.ATTRIBUTE,
                    new Problem(
                            400,
                            "body_not_allowed",
                            "A " + request.getMethod() + " request carries no body here; send it without one."));
            response.setHeader("Connection", "close");
            response.sendError(400);
            return;
        }
        chain.doFilter(request, response);
    }
}
