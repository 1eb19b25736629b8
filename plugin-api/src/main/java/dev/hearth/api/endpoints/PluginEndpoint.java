package dev.hearth.api.endpoints;

import dev.hearth.api.UserContext;
import java.util.List;
import java.util.Map;

/**
 * A read-only JSON endpoint a plugin offers signed-in users at {@code GET /api/v1/plugins/<plugin id>/<path>}.
 *
 * <p>Hearth authenticates the caller, builds their {@link UserContext} (refreshing an OAuth access token that is
 * about to expire), calls {@link #get(UserContext, Map)} and writes the returned value as JSON with JSON-B
 * (records, lists, maps, strings, numbers). What goes wrong becomes an {@code application/problem+json} answer:
 * <ul>
 *   <li>the user's connection to this plugin has expired: {@code 401 connection_expired}, without calling;</li>
 *   <li>{@link EndpointProblem}: its status, code and detail (for example {@code 401 my_not_connected} when the
 *       endpoint needs a connection the user has not made);</li>
 *   <li>{@link dev.hearth.api.connect.UpstreamException} {@code UNAUTHORIZED}: the connection is marked expired,
 *       {@code 401 connection_expired}; {@code UNAVAILABLE}: {@code 502 upstream_unreachable};
 *       {@code BAD_RESPONSE}: {@code 502 upstream_error}; {@code NOT_ALLOWED}: {@code 502 url_not_allowed};</li>
 *   <li>anything else: {@code 500 plugin_failed}, logged by Hearth.</li>
 * </ul>
 *
 * @since 0.4
 */
public interface PluginEndpoint {

    /**
     * The endpoint's path below {@code /api/v1/plugins/<plugin id>/}: one or more segments of lower-case letters,
     * digits and hyphens, separated by {@code /} (for example {@code rooms}).
     *
     * @return the path
     * @since 0.4
     */
    String path();

    /**
     * Answers one request.
     *
     * @param user the caller, their connection to this plugin's upstream (if any) and HTTP clients presenting it
     * @param query the request's query parameters, each with all its values in order
     * @return the value to write as JSON; never {@code null}
     * @throws EndpointProblem to answer with a problem of the plugin's choosing
     * @throws dev.hearth.api.connect.UpstreamException when the upstream refuses, cannot be reached, or answers
     *     badly
     * @since 0.4
     */
    Object get(UserContext user, Map<String, List<String>> query);
}
