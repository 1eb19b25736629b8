package dev.hearth.oauth;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import dev.hearth.problems.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Administration → Authentication → OAuth applications: register (the secret of a confidential one is in that answer
 * only), change name and redirect URIs, rotate the secret, delete (which ends its grants and tokens). From a sign-in
 * session only, like API tokens.
 */
@Path("v1/admin/oauth2/clients")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminClientsResource {

    @Inject
    OAuthClients clients;

    @Context
    SecurityContext security;

    @GET
    public List<ClientView> list() {
        Caller.requireSession(security);
        return clients.list();
    }

    @POST
    public Response create(
            @Valid @NotNull(message = "send name, redirectUris and confidential as JSON") NewClient client,
            @Context UriInfo uri) {
        Caller.requireSession(security);
        ClientView made = clients.create(client);
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(made.id()))
                        .build())
                .entity(made)
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("{id}")
    public ClientView get(@PathParam("id") String id) {
        Caller.requireSession(security);
        return clients.view(ApiException.id(id, "client_not_found", "application"));
    }

    @PATCH
    @Path("{id}")
    public ClientView change(
            @PathParam("id") String id, @Valid @NotNull(message = "send the changes as JSON") ClientChanges changes) {
        Caller.requireSession(security);
        return clients.change(ApiException.id(id, "client_not_found", "application"), changes);
    }

    @POST
    @Path("{id}/secret")
    public Response rotateSecret(@PathParam("id") String id) {
        Caller.requireSession(security);
        return Response.ok(clients.rotateSecret(ApiException.id(id, "client_not_found", "application")))
                .header("Cache-Control", "no-store")
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Caller.requireSession(security);
        clients.delete(ApiException.id(id, "client_not_found", "application"));
        return Response.noContent().build();
    }
}
