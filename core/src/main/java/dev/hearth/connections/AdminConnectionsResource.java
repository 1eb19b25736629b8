package dev.hearth.connections;

import dev.hearth.Roles;
import dev.hearth.problems.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Every user's connections, for administrators: see them, remove one. */
@Path("v1/admin/connections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminConnectionsResource {

    @Inject
    Connections connections;

    @GET
    public List<AdminConnectionView> list() {
        return connections.all();
    }

    @DELETE
    @Path("{id}")
    public Connections.Disconnected remove(@PathParam("id") String id) {
        try {
            return connections.remove(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("connection_not_found", "There is no connection with id '" + id + "'.");
        }
    }
}
