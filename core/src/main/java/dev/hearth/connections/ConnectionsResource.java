package dev.hearth.connections;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** The caller's own connected accounts. Nobody sees or touches another user's connections here. */
@Path("v1/connections")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class ConnectionsResource {

    @Inject
    Connections connections;

    @Context
    SecurityContext security;

    @GET
    public List<ConnectionView> list(@Context HttpHeaders headers) {
        return connections.list(Caller.accountId(security), Caller.locale(headers));
    }

    /** Starts a flow: 201 with the connection when it connects at once, 200 with {@code authorizeUrl} for OAuth. */
    @POST
    @Path("{pluginId}")
    public Response connect(
            @PathParam("pluginId") String pluginId,
            @Valid @NotNull(message = "send {\"flow\": ...}") ConnectRequest request,
            @Context UriInfo uri) {
        Connections.Started started =
                connections.connect(Caller.accountId(security), pluginId, request, uri.getBaseUri());
        if (started.connection() != null) {
            return Response.status(Response.Status.CREATED)
                    .entity(started.connection())
                    .build();
        }
        if (started.authorizeUrl() != null) {
            return Response.ok(Map.of(
                            "flow",
                            "oauth2",
                            "authorizeUrl",
                            started.authorizeUrl().toString()))
                    .build();
        }
        return Response.ok(Map.of(
                        "flow", "login-flow-v2", "loginUrl", started.loginUrl().toString(), "pollId", started.pollId()))
                .build();
    }

    /** Polls a Login Flow v2 login: 200 {@code pending}, or 201 with the connection once the user granted access. */
    @POST
    @Path("{pluginId}/poll")
    public Response poll(
            @PathParam("pluginId") String pluginId,
            @Valid @NotNull(message = "send {\"pollId\": ...}") PollRequest request) {
        return connections
                .poll(Caller.accountId(security), pluginId, request.pollId)
                .map(view -> Response.status(Response.Status.CREATED)
                        .entity(Map.of("status", "connected", "connection", view)))
                .orElseGet(() -> Response.ok(Map.of("status", "pending")))
                .build();
    }

    /** Where the upstream sends the browser back after OAuth consent; answers 303 to the settings page. */
    @GET
    @Path("{pluginId}/callback")
    public Response callback(
            @PathParam("pluginId") String pluginId,
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @Context UriInfo uri) {
        return Response.seeOther(connections.callback(
                        Caller.accountId(security), pluginId, code, state, error, uri.getBaseUri()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Revokes upstream where the flow can (saying whether that worked), then forgets the credentials. */
    @DELETE
    @Path("{pluginId}")
    public Connections.Disconnected disconnect(@PathParam("pluginId") String pluginId) {
        return connections.disconnect(Caller.accountId(security), pluginId);
    }
}
