package dev.hearth.openproject;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

/**
 * The OpenProject API v3 endpoints the plugin calls, as a MicroProfile Rest Client on the instance's base URL (which
 * may have a path, as {@code https://example.com/openproject}). Answers are HAL+JSON ({@code
 * application/hal+json}), read as text and parsed by {@link Hal}, so that garbage becomes a clear error. Collections
 * page by {@code offset}, the 1-based page number, and {@code pageSize}; {@code filters} and {@code sortBy} are JSON.
 *
 * <p>No class-level annotations of Jakarta REST: the interface lives in the WAR, and must not look like a server
 * resource or provider to the server's scanning.
 */
public interface OpenProjectApi {

    String HAL = "application/hal+json";

    /** The user the credential belongs to. */
    @GET
    @Produces(HAL)
    @Path("/api/v3/users/me")
    String me();

    /** The user's in-app notifications. */
    @GET
    @Produces(HAL)
    @Path("/api/v3/notifications")
    String notifications(
            @QueryParam("offset") int offset,
            @QueryParam("pageSize") int pageSize,
            @QueryParam("filters") String filters,
            @QueryParam("sortBy") String sortBy);

    /** Marks one notification read (204). */
    @POST
    @Produces(HAL)
    @Path("/api/v3/notifications/{id}/read_ian")
    void read(@PathParam("id") String id);

    /** Marks every notification the filters select read (204). */
    @POST
    @Produces(HAL)
    @Path("/api/v3/notifications/read_ian")
    void readAll(@QueryParam("filters") String filters);

    /** Work packages the user can see. */
    @GET
    @Produces(HAL)
    @Path("/api/v3/work_packages")
    String workPackages(
            @QueryParam("offset") int offset,
            @QueryParam("pageSize") int pageSize,
            @QueryParam("filters") String filters,
            @QueryParam("sortBy") String sortBy);
}
