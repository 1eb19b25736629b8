package dev.hearth.security;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import dev.hearth.problems.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scope each endpoint needs, stated once for the whole API: an administrators' endpoint (one that allows only
 * {@link Roles#ADMIN}) needs {@link Scopes#ADMIN}; any other endpoint needs {@link Scopes#API_READ} to read
 * ({@code GET}, {@code HEAD}) and {@link Scopes#API_WRITE} for everything else. A caller whose token lacks it gets
 * 403 with the scope it lacks (and RFC 6750's {@code insufficient_scope}); sign-in sessions have every scope.
 * Runs before the role check, so that a token learns which scope it lacks rather than only "forbidden".
 */
@Provider
public class ScopeFeature implements DynamicFeature {

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (method != null) {
            context.register(new Check(required(resource.getResourceClass(), method)), Priorities.AUTHORIZATION - 1);
        }
    }

    /** The scope a resource method needs. */
    static String required(Class<?> type, Method method) {
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class)
                : type.getAnnotation(RolesAllowed.class);
        if (roles != null && Arrays.asList(roles.value()).equals(List.of(Roles.ADMIN))) {
            return Scopes.ADMIN;
        }
        String verb = Arrays.stream(method.getAnnotations())
                .map(Annotation::annotationType)
                .map(a -> a.getAnnotation(HttpMethod.class))
                .filter(a -> a != null)
                .map(HttpMethod::value)
                .findFirst()
                .orElse(HttpMethod.GET);
        return READS.contains(verb) ? Scopes.API_READ : Scopes.API_WRITE;
    }

    /** Refuses a scoped caller whose scopes do not include the one needed. */
    record Check(String scope) implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            Caller.scopes(request.getSecurityContext())
                    .filter(granted -> !granted.contains(scope))
                    .ifPresent(granted -> request.abortWith(new Problem(
                                    403,
                                    "insufficient_scope",
                                    "This token lacks the scope '" + scope + "' that this request needs; it has "
                                            + (granted.isEmpty() ? "none" : String.join(", ", granted)) + ".",
                                    Map.of("scope", scope))
                            .toResponse(Map.of(
                                    "WWW-Authenticate",
                                    "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\""))));
        }
    }
}
