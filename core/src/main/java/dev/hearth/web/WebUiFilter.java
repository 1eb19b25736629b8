package dev.hearth.web;

import dev.hearth.security.SessionCookie;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The web UI is one page: a browser's GET of a page path answers {@code index.html}, which the browser revalidates
 * each time; the files under {@code /assets/} carry a content hash in their names and are cached for a year. HTML
 * answers carry a strict Content Security Policy, so that even text an upstream sneaks past the UI's escaping could
 * not run as script. A path that is not one of the UI's pages gets the page with status 404 (it says so); clients
 * that do not ask for HTML get the usual problem answers. When the public URL is https, every answer carries HSTS.
 */
public class WebUiFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The HSTS header for every answer, read from the configuration once; null over plain HTTP. */
    private transient String hsts;

    @Override
    public void init() {
        hsts = SessionCookie.strictTransportSecurity(SessionCookie.publicUrl()).orElse(null);
    }

    private static final Pattern NOT_A_PAGE = Pattern.compile(
            "/(api|health|metrics|openapi|problem|plugin-assets|\\.well-known)(/.*)?|/oauth2/(?!authorize$).*|/assets/.*"
                    + "|.*/[^/]*\\.[A-Za-z0-9]+");
    private static final Pattern PAGES = Pattern.compile("/|/login|/settings(/(connections|tokens|applications))?"
            + "|/admin(/(plugins|users|connections|authentication))?|/oauth2/authorize");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' https: http: data:; connect-src 'self'; font-src 'self'; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (hsts != null) {
            response.setHeader("Strict-Transport-Security", hsts);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/assets/")) {
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
            response.setHeader("X-Content-Type-Options", "nosniff");
            chain.doFilter(request, response);
            return;
        }
        if (path.equals("/index.html")) {
            htmlHeaders(response);
            chain.doFilter(request, response);
            return;
        }
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        String accept = request.getHeader("Accept");
        if (!read
                || accept == null
                || !accept.contains("text/html")
                || NOT_A_PAGE.matcher(path).matches()) {
            chain.doFilter(request, response);
            return;
        }
        String page = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!PAGES.matcher(page).matches()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        }
        htmlHeaders(response);
        request.getRequestDispatcher("/index.html").forward(request, response);
    }

    private static void htmlHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
    }
}
