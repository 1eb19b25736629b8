package dev.hearth.oauth;

import dev.hearth.Roles;
import dev.hearth.accounts.Accounts;
import dev.hearth.accounts.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the consent page ({@code /oauth2/authorize} in the web UI) and the user's "Authorized applications" need.
 * {@code GET /api/v1/oauth2/authorize?<the authorization request>} answers either {@code {"client", "scopes"}} (ask
 * the user) or {@code {"redirect"}} (send the browser back to the client); {@code POST} with
 * {@code {"request", "approve"}} answers the redirect. From a sign-in session only.
 */
@Path("v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class AuthorizeResource {

    @Inject
    Authorizations authorizations;

    @Inject
    Accounts accounts;

    @Context
    SecurityContext security;

    /** The user's answer: the authorization request's query string, and yes or no. */
    public record Decision(
            @NotNull(message = "send the authorization request's query string") String request,
            @NotNull(message = "say whether you approve") Boolean approve) {}

    @GET
    @Path("oauth2/authorize")
    public Map<String, Object> authorize(@Context UriInfo uri) {
        Caller.requireSession(security);
        return json(authorizations.authorize(
                uri.getRequestUri().getRawQuery(), accounts.get(Caller.accountId(security)), signedInAt()));
    }

    @POST
    @Path("oauth2/authorize")
    public Map<String, Object> decide(@Valid @NotNull(message = "send request and approve as JSON") Decision decision) {
        Caller.requireSession(security);
        return json(authorizations.decide(
                decision.request(), accounts.get(Caller.accountId(security)), signedInAt(), decision.approve()));
    }

    @GET
    @Path("me/authorizations")
    public List<Authorizations.Authorized> authorized() {
        Caller.requireSession(security);
        return authorizations.authorized(Caller.accountId(security));
    }

    @DELETE
    @Path("me/authorizations/{clientId}")
    public Response revoke(@PathParam("clientId") String clientId) {
        Caller.requireSession(security);
        authorizations.revoke(Caller.accountId(security), clientId);
        return Response.noContent().build();
    }

    /** When the user signed in: the session's issue time, for the ID token's auth_time. */
    private Instant signedInAt() {
        return Instant.ofEpochSecond(Caller.token(security).getIssuedAtTime());
    }

    private static Map<String, Object> json(Authorizations.Step step) {
        if (step instanceof Authorizations.Step.Ask ask) {
            return Map.of("client", ask.client(), "scopes", ask.scopes());
        }
        return Map.of(
                "redirect", ((Authorizations.Step.Redirect) step).redirect().toString());
    }
}
