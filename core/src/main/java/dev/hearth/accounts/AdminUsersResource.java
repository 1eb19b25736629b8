package dev.hearth.accounts;

import dev.hearth.Roles;
import dev.hearth.connections.Connections;
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

/** User management for administrators: list, create, change (disable, role, name, password), delete. */
@Path("v1/admin/users")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminUsersResource {

    @Inject
    Accounts accounts;

    @Inject
    Connections connections;

    @Context
    SecurityContext security;

    @GET
    public List<UserView> list() {
        return accounts.list().stream().map(UserView::of).toList();
    }

    @POST
    public Response create(@Valid @NotNull(message = "send the new user as JSON") NewUser user, @Context UriInfo uri) {
        Account account =
                accounts.create(user.username(), user.password(), user.displayName(), user.role(), user.email());
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(account.id()))
                        .build())
                .entity(UserView.of(account))
                .build();
    }

    @GET
    @Path("{id}")
    public UserView get(@PathParam("id") String id) {
        return UserView.of(accounts.person(ApiException.id(id, "user_not_found", "user")));
    }

    @PATCH
    @Path("{id}")
    public UserView change(
            @PathParam("id") String id, @Valid @NotNull(message = "send the changes as JSON") UserChanges changes) {
        if (changes.isEmpty()) {
            throw ApiException.badRequest(
                    "validation_failed", "Send at least one of disabled, role, displayName, password, email.");
        }
        return UserView.of(
                accounts.change(ApiException.id(id, "user_not_found", "user"), changes, Caller.accountId(security)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        long target = ApiException.id(id, "user_not_found", "user");
        long me = Caller.accountId(security);
        accounts.checkDeletable(target, me);
        connections.removeAll(target); // revoked upstream first: app passwords and grants do not outlive the user
        accounts.delete(target, me);
        return Response.noContent().build();
    }
}
