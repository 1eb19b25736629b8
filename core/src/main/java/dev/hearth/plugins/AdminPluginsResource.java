package dev.hearth.plugins;

import dev.hearth.Roles;
import dev.hearth.problems.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

/** Administrators enable and disable plugins and set their declared settings; both persist. */
@Path("v1/admin/plugins/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminPluginsResource {

    @Inject
    PluginRegistry registry;

    @GET
    public PluginDetails get(@PathParam("id") String id) {
        return registry.details(id);
    }

    /** Changes settings and/or enables or disables; settings first, so a bad value changes nothing. */
    @PUT
    public PluginDetails change(
            @PathParam("id") String id,
            @NotNull(message = "send {\"enabled\": true|false, \"settings\": {...}}") PluginChange change,
            @Context SecurityContext security) {
        if (change.enabled == null && change.settings == null) {
            throw ApiException.badRequest("validation_failed", "Send enabled, settings, or both.");
        }
        registry.status(id);
        String admin = security.getUserPrincipal().getName();
        if (change.settings != null) {
            registry.updateSettings(id, change.settings, admin);
        }
        if (change.enabled != null) {
            registry.setEnabled(id, change.enabled, admin);
        }
        return registry.details(id);
    }
}
