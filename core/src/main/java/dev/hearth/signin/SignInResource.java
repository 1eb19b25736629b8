package dev.hearth.signin;

import static dev.hearth.json.Jsonp.JSON;

import dev.hearth.accounts.Account;
import dev.hearth.problems.ApiException;
import dev.hearth.security.Secrets;
import dev.hearth.security.SessionCookie;
import dev.hearth.security.SigningKeys;
import dev.hearth.security.TokenIssuer;
import dev.hearth.web.PublicUrl;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How one signs in here ({@code GET /api/v1/auth/methods}), and signing in through the external OpenID Connect
 * provider: {@code GET /api/v1/auth/oidc/login?next=/page} sends the browser there, with the sign-in's state, nonce and
 * PKCE verifier in a short-lived encrypted HttpOnly cookie; {@code GET /api/v1/auth/oidc/callback} checks them,
 * signs the user in (the same session cookie as a password sign-in) and sends the browser on. Failures go back to the
 * sign-in page with an error code, never with the provider's words.
 */
@Path("v1/auth")
@PermitAll
public class SignInResource {

    private static final Logger LOGGER = Logger.getLogger(SignInResource.class.getName());
    static final String COOKIE = "hearth_oidc";
    private static final String COOKIE_PATH = "/api/v1/auth/oidc/";
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    @Inject
    ExternalProvider provider;

    @Inject
    ExternalSignIn signIns;

    @Inject
    SigningKeys keys;

    @Inject
    Secrets secrets;

    @Inject
    @ConfigProperty(name = "hearth.login.password", defaultValue = "true")
    boolean passwordLogin;

    @Inject
    @ConfigProperty(name = "hearth.public.url")
    Optional<String> publicUrl;

    @Context
    HttpServletRequest request;

    @GET
    @Path("methods")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> methods() {
        Map<String, Object> methods = new LinkedHashMap<>();
        methods.put("password", passwordLogin);
        if (provider.enabled()) {
            methods.put("external", Map.of("name", provider.name(), "url", "/api/v1/auth/oidc/login"));
        }
        return methods;
    }

    @GET
    @Path("oidc/login")
    public Response login(@QueryParam("next") String next) {
        if (!provider.enabled()) {
            throw ApiException.notFound("oidc_not_configured", "No external sign-in provider is configured here.");
        }
        ExternalProvider.Pending pending = ExternalProvider.newPending();
        try {
            URI authorization = provider.start(pending, callback());
            JsonObject kept = JSON.createObjectBuilder()
                    .add("state", pending.state())
                    .add("nonce", pending.nonce())
                    .add("verifier", pending.verifier())
                    .add("next", page(next))
                    .add("until", Instant.now().plus(PENDING_LIFETIME).getEpochSecond())
                    .build();
            return Response.seeOther(authorization)
                    .header("Set-Cookie", cookie(secrets.encrypt(kept.toString(), COOKIE), PENDING_LIFETIME))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (ExternalProvider.Failed failed) {
            return back(failed);
        }
    }

    @GET
    @Path("oidc/callback")
    public Response callback(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @CookieParam(COOKIE) String kept) {
        JsonObject pending = pending(kept);
        if (pending == null || state == null || !state.equals(pending.getString("state"))) {
            return back("oidc_expired");
        }
        if (error != null || code == null) {
            return back(error != null && error.equals("access_denied") ? "oidc_denied" : "oidc_failed");
        }
        try {
            ExternalProvider.Identity identity = provider.finish(
                    new ExternalProvider.Pending(state, pending.getString("nonce"), pending.getString("verifier")),
                    code,
                    callback());
            Optional<Account> account = signIns.account(identity);
            if (account.isEmpty()) {
                return back("oidc_disabled");
            }
            TokenIssuer.IssuedToken token = keys.issuer().issue(account.get().subject());
            return Response.seeOther(URI.create(base() + pending.getString("next")))
                    .header(
                            "Set-Cookie",
                            SessionCookie.header(
                                    token.token(),
                                    Duration.between(token.issuedAt(), token.expiresAt()),
                                    SessionCookie.secure(request)))
                    .header("Set-Cookie", cookie("", Duration.ZERO))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (ExternalProvider.Failed failed) {
            return back(failed);
        }
    }

    /** The pending sign-in kept in the cookie, if it is ours and not too old. */
    private JsonObject pending(String kept) {
        if (kept == null || kept.isBlank()) {
            return null;
        }
        try {
            JsonObject pending = JSON.createReader(new StringReader(secrets.decrypt(kept, COOKIE)))
                    .readObject();
            return pending.getJsonNumber("until").longValue() >= Instant.now().getEpochSecond() ? pending : null;
        } catch (RuntimeException tampered) {
            return null;
        }
    }

    private Response back(ExternalProvider.Failed failed) {
        LOGGER.log(Level.WARNING, "External sign-in failed: " + failed.getMessage(), failed.getCause());
        return back(failed.code);
    }

    /** To the sign-in page with an error code it knows how to say. */
    private Response back(String code) {
        return Response.seeOther(URI.create(base() + "/login?error=" + code))
                .header("Set-Cookie", cookie("", Duration.ZERO))
                .header("Cache-Control", "no-store")
                .build();
    }

    private String cookie(String value, Duration maxAge) {
        return COOKIE + "=" + value + "; Path=" + COOKIE_PATH + "; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (SessionCookie.secure(request) ? "; Secure" : "");
    }

    /** Where the provider sends the browser back: registered there by the operator. */
    URI callback() {
        return URI.create(base() + "/api/v1/auth/oidc/callback");
    }

    private String base() {
        return PublicUrl.of(publicUrl, request);
    }

    /** A page of ours to go to after signing in: a local path, never another site. */
    static String page(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/";
        }
        try {
            URI parsed = new URI(next);
            return parsed.getScheme() == null && parsed.getRawAuthority() == null ? next : "/";
        } catch (java.net.URISyntaxException unusable) {
            return "/";
        }
    }
}
