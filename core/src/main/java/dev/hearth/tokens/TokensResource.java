package dev.hearth.tokens;

import dev.hearth.Roles;
import dev.hearth.accounts.Account;
import dev.hearth.accounts.Caller;
import dev.hearth.problems.ApiException;
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
import java.util.List;

/**
 * System API tokens ({@code /api/v1/admin/system-tokens}, administrators; they act as the designated system user)
 * and personal access tokens ({@code /api/v1/me/tokens}, every user for themselves): listed, made, deleted. Only from
 * a sign-in session, so that a token cannot make its own successors. The answer that makes a token is the only one
 * that holds it, and is not cached.
 */
@Path("v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    private static final String NEW_TOKEN = "send the token's name and scopes as JSON";

    @Inject
    ApiTokens tokens;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @GET
    @Path("admin/system-tokens")
    @RolesAllowed(Roles.ADMIN)
    public List<TokenView> systemTokens() {
        return tokens.list(TokenKind.SYSTEM, owner(TokenKind.SYSTEM));
    }

    @POST
    @Path("admin/system-tokens")
    @RolesAllowed(Roles.ADMIN)
    public Response makeSystemToken(@Valid @NotNull(message = NEW_TOKEN) NewToken request) {
        return made(tokens.create(TokenKind.SYSTEM, owner(TokenKind.SYSTEM), request));
    }

    @DELETE
    @Path("admin/system-tokens/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response deleteSystemToken(@PathParam("id") String id) {
        tokens.delete(TokenKind.SYSTEM, owner(TokenKind.SYSTEM), ApiException.id(id, "token_not_found", "token"));
        return Response.noContent().build();
    }

    @GET
    @Path("me/tokens")
    @RolesAllowed(Roles.USER)
    public List<TokenView> personalTokens() {
        return tokens.list(TokenKind.PERSONAL, owner(TokenKind.PERSONAL));
    }

    @POST
    @Path("me/tokens")
    @RolesAllowed(Roles.USER)
    public Response makePersonalToken(@Valid @NotNull(message = NEW_TOKEN) NewToken request) {
        return made(tokens.create(TokenKind.PERSONAL, owner(TokenKind.PERSONAL), request));
    }

    @DELETE
    @Path("me/tokens/{id}")
    @RolesAllowed(Roles.USER)
    public Response deletePersonalToken(@PathParam("id") String id) {
        tokens.delete(TokenKind.PERSONAL, owner(TokenKind.PERSONAL), ApiException.id(id, "token_not_found", "token"));
        return Response.noContent().build();
    }

    private Response made(TokenView token) {
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(token.id()))
                        .build())
                .entity(token)
                .header("Cache-Control", "no-store")
                .build();
    }

    private Account owner(TokenKind kind) {
        Caller.requireSession(security);
        return tokens.owner(kind, Caller.accountId(security));
    }
}
