package dev.hearth.dashboard;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/** The signed-in user's dashboard. */
@Path("v1/dashboard")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class DashboardResource {

    @Inject
    Dashboard dashboard;

    @Context
    SecurityContext security;

    @GET
    @Path("widgets")
    public Map<String, List<WidgetInfo>> widgets(@Context HttpHeaders headers) {
        return Map.of("widgets", dashboard.widgets(Caller.accountId(security), Caller.locale(headers)));
    }

    @PUT
    @Path("layout")
    public Map<String, List<WidgetInfo>> layout(
            @Valid @NotNull(message = "send {\"widgets\": [...]}") LayoutRequest layout, @Context HttpHeaders headers) {
        return Map.of(
                "widgets", dashboard.saveLayout(Caller.accountId(security), layout.widgets, Caller.locale(headers)));
    }

    /** {@code ?widget=a&widget=b}; without any, the widgets the user shows. */
    @GET
    @Path("items")
    public Map<String, List<WidgetResult>> items(
            @QueryParam("widget") List<String> widgets, @Context HttpHeaders headers) {
        return Map.of(
                "widgets",
                dashboard.items(
                        Caller.accountId(security),
                        Caller.token(security).getName(),
                        Caller.locale(headers),
                        widgets == null ? List.of() : widgets));
    }
}
