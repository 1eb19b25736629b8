package dev.hearth.plugins;

import dev.hearth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Administrators enable and disable plugins; the choice persists across restarts. */
@Path("v1/admin/plugins/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminPluginsResource {

    @Inject
    PluginRegistry registry;

    @GET
    public PluginStatus get(@PathParam("id") String id) {
        return registry.status(id);
    }

    @PUT
    public PluginStatus change(@PathParam("id") String id,
            @Valid @NotNull(message = "send {\"enabled\": true|false}") PluginChange change,
            @Context SecurityContext security) {
        return registry.setEnabled(id, change.enabled, security.getUserPrincipal().getName());
    }
}
