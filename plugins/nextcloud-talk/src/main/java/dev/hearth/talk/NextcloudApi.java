package dev.hearth.talk;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;

/**
 * The Nextcloud OCS endpoints the plugin calls, as a MicroProfile Rest Client. Paths carry {@code /ocs/v2.php}, so
 * they work without pretty URLs. Every OCS request needs {@code OCS-APIRequest: true} (else 412 "CSRF check
 * failed") and {@code Accept: application/json} (else the answer is XML). Bodies are read as text and parsed by
 * {@link Ocs}, so that garbage becomes a clear error rather than a mapping failure.
 *
 * <p>No class-level annotations of Jakarta REST: the interface lives in the WAR, and must not look like a server
 * resource or provider to the server's scanning.
 */
@ClientHeaderParam(name = "OCS-APIRequest", value = "true")
public interface NextcloudApi {

    /** The signed-in user ({@code id}, {@code display-name}). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/ocs/v2.php/cloud/user")
    String currentUser();

    /** Talk's conversation list; {@code noStatusUpdate=1} keeps polling from marking the user online. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/ocs/v2.php/apps/spreed/api/v4/room")
    String rooms(@QueryParam("noStatusUpdate") int noStatusUpdate);

    /** The user's notifications; {@code 304} when {@code If-None-Match} names the current {@code ETag}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/ocs/v2.php/apps/notifications/api/v2/notifications")
    Response notifications(@HeaderParam("If-None-Match") String etag);

    /** Deletes one notification (200 also when it is gone already). */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/ocs/v2.php/apps/notifications/api/v2/notifications/{id}")
    String deleteNotification(@PathParam("id") long id);
}
