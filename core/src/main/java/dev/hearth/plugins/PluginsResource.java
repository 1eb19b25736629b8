package dev.hearth.plugins;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** The installed plugins and their states. Failure reasons and sources are for administrators only. */
@Path("v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class PluginsResource {

    @Inject
    PluginRegistry registry;

    @GET
    public List<PluginStatus> list(@Context SecurityContext security) {
        List<PluginStatus> all = registry.statuses();
        return Caller.isAdmin(security)
                ? all
                : all.stream().map(PluginStatus::withoutDiagnostics).toList();
    }
}
