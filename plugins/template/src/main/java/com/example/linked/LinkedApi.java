package com.example.linked;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * The upstream's REST API, as a MicroProfile Rest Client interface: Hearth builds the client
 * ({@code user.http().create(LinkedApi.class, instanceUrl)}) with its timeouts, SSRF rules and the user's token,
 * and turns a 401 into {@code UNAUTHORIZED}, other errors and unreadable answers into {@code BAD_RESPONSE}, and an
 * unreachable server into {@code UNAVAILABLE}. Answers bind to records with JSON-B; unknown fields are skipped.
 */
@Path("api")
public interface LinkedApi {

    /** The account the token belongs to. */
    @GET
    @Path("me")
    @Produces("application/json")
    Me me();

    /** The user's items. */
    @GET
    @Path("items")
    @Produces("application/json")
    List<Item> items();

    /** Documents whose title contains {@code q}, {@code limit} at a time, from the opaque {@code cursor}. */
    @GET
    @Path("search")
    @Produces("application/json")
    Found search(@QueryParam("q") String q, @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    /** The user's activity since the cursor. */
    @GET
    @Path("notifications")
    @Produces("application/json")
    Feed notifications(@QueryParam("cursor") String cursor);

    /** Marks one activity read. */
    @POST
    @Path("notifications/{id}/read")
    void read(@PathParam("id") String id);

    /** An account. */
    record Me(String id, String name) {}

    /** An item, {@code updated} as an ISO-8601 instant. */
    record Item(String id, String title, int unread, String updated) {}

    /** A page of documents and the cursor of the next one ({@code null} at the end). */
    record Found(List<Doc> results, String next) {}

    /** A document. */
    record Doc(int id, String title, String project) {}

    /** A page of activity and the cursor to ask from next time. */
    record Feed(List<Note> items, String next) {}

    /** One activity. */
    record Note(String id, String title, String body, String actor, String time) {}
}
