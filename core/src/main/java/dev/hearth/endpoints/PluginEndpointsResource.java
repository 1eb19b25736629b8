package dev.hearth.endpoints;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.endpoints.PluginEndpoint;
import dev.hearth.connections.Connections;
import dev.hearth.connections.UserCall;
import dev.hearth.connections.UserConnections;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /api/v1/plugins/{pluginId}/{path}}: a running plugin's {@link PluginEndpoint}, called for the signed-in
 * user, with upstream faults turned into problems as {@link PluginEndpoint} documents.
 */
@Path("v1/plugins/{pluginId}/{path: [a-z0-9-]+(/[a-z0-9-]+)*}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class PluginEndpointsResource {

    private static final Logger LOGGER = Logger.getLogger(PluginEndpointsResource.class.getName());
    /** Written here, inside the call, so that a value JSON-B cannot write is reported as the plugin's failure. */
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    PluginRegistry registry;

    @Inject
    Connections connections;

    @Context
    SecurityContext security;

    @GET
    public Response get(
            @PathParam("pluginId") String pluginId,
            @PathParam("path") String path,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        LoadedPlugin plugin = registry.running(pluginId)
                .orElseThrow(() ->
                        ApiException.notFound("plugin_not_found", "No running plugin has the id '" + pluginId + "'."));
        Contribution<PluginEndpoint> endpoint = Contribution.collect(
                        List.of(plugin), "endpoint", p -> p.endpoints(), PluginEndpoint::path)
                .get(pluginId + "/" + path);
        if (endpoint == null) {
            throw ApiException.notFound("not_found", plugin.name() + " has no endpoint '" + path + "'.");
        }
        UserConnections mine = connections.of(
                Caller.accountId(security), Caller.token(security).getName(), Caller.locale(headers));
        if ("expired".equals(mine.status(pluginId))) {
            throw expired(plugin);
        }
        Map<String, List<String>> query = Map.copyOf(uri.getQueryParameters());
        try {
            Object value = UserCall.withCurrentCredential(
                    mine, pluginId, user -> endpoint.item().get(user, query));
            if (value == null) {
                throw new IllegalStateException("answered null");
            }
            return Response.ok(JSON.toJson(value), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        } catch (EndpointProblem e) {
            throw new ApiException(e.status(), e.code(), e.getMessage());
        } catch (UpstreamException e) {
            throw switch (e.kind()) {
                case UNAUTHORIZED -> expired(plugin); // the connection has expired
                case UNAVAILABLE, BAD_RESPONSE -> UserCall.badGateway(plugin, e);
                case NOT_ALLOWED -> new ApiException(502, "url_not_allowed", plugin.name() + ": " + e.getMessage());
            };
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Endpoint " + endpoint.id() + " failed", e);
            throw new ApiException(500, "plugin_failed", "The " + plugin.name() + " plugin failed to answer.");
        }
    }

    private static ApiException expired(LoadedPlugin plugin) {
        return new ApiException(
                401,
                "connection_expired",
                "Your " + plugin.name()
                        + " connection has expired or was revoked. Reconnect it under Connected accounts.");
    }
}
