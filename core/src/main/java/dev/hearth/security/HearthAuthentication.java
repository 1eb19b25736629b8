package dev.hearth.security;

import dev.hearth.problems.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hearth's one authentication mechanism: it authenticates Hearth's opaque tokens itself and lets MicroProfile JWT
 * validate sign-in tokens from the {@code Authorization} header or the session cookie. (A second
 * {@code HttpAuthenticationMechanism} beside MP-JWT's would be ambiguous on Jakarta EE 10.)
 *
 * <p>Opaque tokens: a bearer token that one of the {@link OpaqueTokens} kinds recognizes by its prefix is checked
 * by that kind; a live one makes the request its owner's as a {@link TokenPrincipal}, anything else is a 401 that
 * says why (with RFC 6750's {@code invalid_token}). Failed opaque tokens are counted per client address, and the
 * failures of an address that keeps failing are answered 429 for a while, so that guessing costs time as well as
 * luck; a live token is never held up.
 *
 * <p>Sign-in tokens: Payara's MP-JWT mechanism reads only one token source. This mechanism takes its place (an
 * enabled alternative wins over the synthetic MP-JWT bean) and delegates to it, presenting the cookie's token as a
 * bearer header when the request has none. Validation, claims and {@code @RolesAllowed} stay MP-JWT's. The cookie
 * is not used on the sign-in endpoint (a stale cookie must not block signing in again), nor on a state-changing
 * request whose {@code Origin} is another site (a second line of defence behind SameSite).
 *
 * <p>Webhook deliveries ({@code /api/v1/plugins/<id>/webhooks/…}) are not authenticated here at all: they carry the
 * upstream's own credential (Jira's signed JWT in {@code Authorization}, say), which MP-JWT would refuse as a Hearth
 * token before the plugin could check it.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class HearthAuthentication implements HttpAuthenticationMechanism {

    static final Set<String> COOKIE_FREE_PATHS = Set.of(
            "/api/v1/auth/login", "/api/v1/auth/methods", "/api/v1/auth/oidc/login", "/api/v1/auth/oidc/callback");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern WEBHOOKS = Pattern.compile("/api/v1/plugins/[^/]+/webhooks/.*");

    @Inject
    BeanManager beanManager;

    @Inject
    @Any
    Instance<OpaqueTokens> opaqueTokens;

    @Inject
    ClientAddress clientAddress;

    private final LoginThrottle failures =
            new LoginThrottle(Clock.systemUTC(), 10, Duration.ofMinutes(5), Duration.ofMinutes(15));

    private volatile HttpAuthenticationMechanism delegate;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        if (isWebhookDelivery(request)) {
            return context.doNothing();
        }
        Optional<String> bearer = BearerTokens.fromHeader(request);
        if (bearer.isPresent()) {
            for (OpaqueTokens kind : opaqueTokens) {
                if (kind.recognizes(bearer.get())) {
                    return opaque(kind, bearer.get(), request, response, context);
                }
            }
        }
        return delegate().validateRequest(withCookieAsBearer(request), response, context);
    }

    @Override
    public AuthenticationStatus secureResponse(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        return delegate().secureResponse(request, response, context);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        delegate().cleanSubject(request, response, context);
    }

    private AuthenticationStatus opaque(
            OpaqueTokens kind,
            String token,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context) {
        OpaqueTokens.Verdict verdict = kind.verify(token);
        if (verdict instanceof OpaqueTokens.Verdict.Accepted accepted) {
            TokenPrincipal principal = accepted.principal();
            return context.notifyContainerAboutLogin(principal, principal.getGroups());
        }
        // only failures are held up: a live token is accepted whatever its address sent before
        String address = "token:" + clientAddress.of(request);
        Optional<Duration> wait = failures.retryAfter(address);
        failures.failed(address);
        if (wait.isPresent()) {
            long seconds = LoginThrottle.seconds(wait.get());
            request.setAttribute(
                    Problem.ATTRIBUTE,
                    new Problem(
                            429,
                            "too_many_attempts",
                            "Too many failed tokens from this address. Try again in " + seconds + " seconds.",
                            Map.of("retryAfter", seconds)));
            response.setHeader("Retry-After", Long.toString(seconds));
            try {
                response.sendError(429);
            } catch (IOException gone) {
                // the client went away; nothing to answer
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        request.setAttribute(Problem.ATTRIBUTE, ((OpaqueTokens.Verdict.Refused) verdict).problem());
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return context.responseUnauthorized();
    }

    static HttpServletRequest withCookieAsBearer(HttpServletRequest request) {
        if (request.getHeader("Authorization") != null
                || COOKIE_FREE_PATHS.contains(path(request))
                || crossSiteWrite(request)) {
            return request;
        }
        Optional<String> cookie = BearerTokens.fromCookie(request);
        return cookie.<HttpServletRequest>map(token -> new BearerRequest(request, token))
                .orElse(request);
    }

    /** A delivery to a plugin's webhook receiver, which proves it with the upstream's own credential. */
    static boolean isWebhookDelivery(HttpServletRequest request) {
        return WEBHOOKS.matcher(path(request)).matches();
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static boolean crossSiteWrite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || SAFE_METHODS.contains(request.getMethod())) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }

    private HttpAuthenticationMechanism delegate() {
        HttpAuthenticationMechanism current = delegate;
        if (current == null) {
            Bean<?> mpJwt = beanManager.getBeans(HttpAuthenticationMechanism.class).stream()
                    .filter(bean -> !HearthAuthentication.class.equals(bean.getBeanClass()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "MicroProfile JWT's authentication mechanism is missing (is @LoginConfig set?)"));
            CreationalContext<?> creation = beanManager.createCreationalContext(mpJwt);
            current = (HttpAuthenticationMechanism)
                    beanManager.getReference(mpJwt, HttpAuthenticationMechanism.class, creation);
            delegate = current;
        }
        return current;
    }

    /** The request as MP-JWT should see it: with the cookie's token in the Authorization header. */
    static final class BearerRequest extends HttpServletRequestWrapper {
        private final String authorization;

        BearerRequest(HttpServletRequest request, String token) {
            super(request);
            this.authorization = "Bearer " + token;
        }

        @Override
        public String getHeader(String name) {
            return "Authorization".equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Authorization".equalsIgnoreCase(name)
                    ? Collections.enumeration(Set.of(authorization))
                    : super.getHeaders(name);
        }
    }
}
