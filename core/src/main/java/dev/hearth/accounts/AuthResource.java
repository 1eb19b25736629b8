package dev.hearth.accounts;

import dev.hearth.Roles;
import dev.hearth.problems.ApiException;
import dev.hearth.security.ClientAddress;
import dev.hearth.security.SessionCookie;
import dev.hearth.security.Sessions;
import dev.hearth.security.SigningKeys;
import dev.hearth.security.TokenIssuer;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Sign-in and sign-out. */
@Path("v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    SignIns signIns;

    @Inject
    ClientAddress clientAddress;

    @Inject
    SigningKeys keys;

    @Inject
    Sessions sessions;

    @Context
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "hearth.login.password", defaultValue = "true")
    boolean passwordLogin;

    /**
     * Answers a JWT for the body and sets the same token as the HttpOnly, SameSite session cookie. Refused (403)
     * when the operator turned password sign-in off in favour of an external provider.
     */
    @POST
    @Path("login")
    @PermitAll
    public Response login(@Valid @NotNull(message = "send username and password") LoginRequest credentials) {
        if (!passwordLogin) {
            throw new ApiException(
                    403,
                    "password_login_disabled",
                    "Sign-in with a password is turned off here: use the sign-in button.");
        }
        Account account =
                signIns.authenticate(credentials.username(), credentials.password(), clientAddress.of(request));
        TokenIssuer.IssuedToken token = keys.issuer().issue(account.subject());
        Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
        boolean cookieOnly = Boolean.TRUE.equals(credentials.cookieOnly());
        LoginResponse body = new LoginResponse(
                cookieOnly ? null : token.token(),
                cookieOnly ? null : "Bearer",
                lifetime.toSeconds(),
                token.expiresAt(),
                UserView.of(account));
        return Response.ok(body)
                .header("Set-Cookie", SessionCookie.header(token.token(), lifetime, SessionCookie.secure(request)))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Signs the current token out (it is refused from now on) and clears the cookie. */
    @POST
    @Path("logout")
    @RolesAllowed(Roles.USER)
    public Response logout(@Context SecurityContext security) {
        Caller.requireSession(security);
        JsonWebToken jwt = Caller.token(security);
        sessions.revoke(jwt.getTokenID(), Caller.accountId(security), Instant.ofEpochSecond(jwt.getExpirationTime()));
        return Response.noContent()
                .header("Set-Cookie", SessionCookie.clearingHeader(SessionCookie.secure(request)))
                .build();
    }
}
