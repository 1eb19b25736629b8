package dev.hearth.bench.plugin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The benchmark's upstream ({@code dev.hearth.bench.Upstream}), which answers each path after a set latency. */
@Path("api")
@Produces("application/json")
public interface BenchApi {

    @GET
    @Path("me")
    Me me();

    @GET
    @Path("items")
    List<Item> items(@QueryParam("widget") String widget);

    @GET
    @Path("search")
    List<Item> search(@QueryParam("provider") String provider, @QueryParam("q") String term);

    @GET
    @Path("notifications")
    Feed notifications(@QueryParam("cursor") String cursor);

    record Me(String id, String name) {}

    record Item(String id, String title) {}

    record Feed(List<Item> items, String next) {}
}
