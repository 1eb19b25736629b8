package dev.hearth.security;

import dev.hearth.cluster.Cluster;
import dev.hearth.problems.DatabaseOutage;
import dev.hearth.problems.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hearth's one authentication mechanism, for every kind of token Hearth issues. (A second
 * {@code HttpAuthenticationMechanism} beside MP-JWT's would be ambiguous on Jakarta EE 10: this one is an enabled
 * alternative, which wins over the synthetic MP-JWT bean that {@code @LoginConfig} declares.)
 *
 * <p>The token is the {@code Authorization} header's bearer token, else the session cookie's. The cookie is not used
 * on the sign-in endpoints (a stale cookie must not block signing in again), nor on a state-changing request whose
 * {@code Origin} is another site (a second line of defence behind SameSite), and it only ever carries a sign-in token.
 * Outside the API, a cookie whose session has ended or expired is cleared and the request served as anyone's.
 *
 * <p>Opaque tokens: a bearer token that one of the {@link OpaqueTokens} kinds recognizes by its prefix is checked
 * by that kind. Failed opaque tokens are counted per client address, and the failures of an address that keeps
 * failing are answered 429 for a while, so that guessing costs time as well as luck; a live token is never held up.
 * Anything else is a sign-in token, checked by {@link SignInTokens}. A live token makes the request its owner's as a
 * {@link ClaimsPrincipal} (a {@code JsonWebToken}, so that {@code @RolesAllowed} and every endpoint read it one way);
 * anything else is a 401 that says why (with RFC 6750's {@code invalid_token}), even on an endpoint open to anyone.
 *
 * <p>Webhook deliveries ({@code /api/v1/plugins/<id>/webhooks/…}) are not authenticated here at all: they carry the
 * upstream's own credential (Jira's signed JWT in {@code Authorization}, say), which would be refused as a Hearth
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
    @Any
    Instance<OpaqueTokens> opaqueTokens;

    @Inject
    SignInTokens signInTokens;

    @Inject
    ClientAddress clientAddress;

    @Inject
    Cluster cluster;

    private LoginThrottle failures;

    @PostConstruct
    void init() {
        failures = LoginThrottle.shared(cluster, "bearer-tokens", 10);
    }

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        try {
            return authenticate(request, response, context);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            DatabaseOutage.refuse(request, response); // a session that cannot be checked now
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    private AuthenticationStatus authenticate(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        if (isWebhookDelivery(request)) {
            return context.doNothing();
        }
        Optional<String> bearer = BearerTokens.fromHeader(request);
        if (bearer.isPresent()) {
            for (OpaqueTokens kind : opaqueTokens) {
                if (kind.recognizes(bearer.get())) {
                    return opaque(kind.verify(bearer.get()), request, response, context);
                }
            }
            return answer(signInTokens.verify(bearer.get()), response, context);
        }
        Optional<String> cookie = sessionCookie(request);
        if (cookie.isEmpty()) {
            return context.doNothing();
        }
        TokenVerdict verdict = signInTokens.verify(cookie.get());
        if (verdict instanceof TokenVerdict.Refused && !path(request).startsWith("/api/")) {
            // a page or an asset with a cookie whose session has ended or expired: served as to anyone, and the
            // stale cookie cleared, so that the web UI shows its sign-in page rather than an error
            SessionCookie.clearIfPresent(request, response);
            return context.doNothing();
        }
        return answer(verdict, response, context);
    }

    private AuthenticationStatus opaque(
            TokenVerdict verdict,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context) {
        if (verdict instanceof TokenVerdict.Refused) {
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
        }
        return answer(verdict, response, context);
    }

    private static AuthenticationStatus answer(
            TokenVerdict verdict, HttpServletResponse response, HttpMessageContext context) {
        if (verdict instanceof TokenVerdict.Accepted accepted) {
            ClaimsPrincipal principal = accepted.principal();
            return context.notifyContainerAboutLogin(principal, principal.getGroups());
        }
        context.getRequest().setAttribute(Problem.ATTRIBUTE, ((TokenVerdict.Refused) verdict).problem());
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return context.responseUnauthorized();
    }

    /** The session cookie's token, where the cookie counts (see the class comment). */
    static Optional<String> sessionCookie(HttpServletRequest request) {
        if (request.getHeader("Authorization") != null
                || COOKIE_FREE_PATHS.contains(path(request))
                || crossSiteWrite(request)) {
            return Optional.empty();
        }
        return BearerTokens.fromCookie(request);
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
}
