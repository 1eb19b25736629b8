package dev.hearth.accounts;

import dev.hearth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The signed-in user. */
@Path("v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class MeResource {

    @Inject
    Accounts accounts;

    @GET
    public UserView me(@Context SecurityContext security) {
        return accounts.view(Caller.accountId(security));
    }
}
