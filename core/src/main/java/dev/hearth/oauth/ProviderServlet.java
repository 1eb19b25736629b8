package dev.hearth.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.hearth.accounts.Account;
import dev.hearth.accounts.Accounts;
import dev.hearth.cluster.Cluster;
import dev.hearth.security.ClientAddress;
import dev.hearth.security.LoginThrottle;
import dev.hearth.security.SigningKeys;
import dev.hearth.security.TokenPrincipal;
import dev.hearth.web.PublicUrl;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hearth's OAuth 2.0 and OpenID Connect endpoints that clients call directly, in the protocols' own wire formats
 * (Nimbus's OAuth 2.0 SDK parses and writes them): token (RFC 6749), revocation (RFC 7009), introspection
 * (RFC 7662), UserInfo and the JWK set (OpenID Connect Core), and the metadata documents (RFC 8414, OpenID Connect
 * Discovery). The authorization endpoint is a page of the web UI ({@link AuthorizeResource} behind it).
 *
 * <p>Failed client authentications and grants are counted per client address and client: the failures of one that
 * keeps failing are answered 429 for a while; a request that succeeds is never held up.
 */
public class ProviderServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final long MAX_BODY = 64 * 1024;

    @Inject
    ProviderTokens tokens;

    @Inject
    Accounts accounts;

    @Inject
    SigningKeys keys;

    @Inject
    ClientAddress clientAddress;

    @Inject
    @ConfigProperty(name = "hearth.public.url")
    Optional<String> publicUrl;

    @Inject
    transient Cluster cluster;

    private transient LoginThrottle failures;

    @Override
    public void init() {
        failures = LoginThrottle.shared(cluster, "oauth-clients", 10);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (path(request)) {
            case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" -> json(
                    response,
                    200,
                    metadata(request).toJSONObject().toJSONString(),
                    // from the Host header when no public URL is set: then no cache may keep one for another
                    publicUrl.filter(u -> !u.isBlank()).isPresent() ? "public, max-age=300" : "no-store");
            case "/oauth2/jwks" -> json(response, 200, keys.publicJwks(), "public, max-age=300");
            case "/oauth2/userinfo" -> userInfo(request, response);
            default -> response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.equals("/oauth2/userinfo")) {
            userInfo(request, response);
            return;
        }
        if (!path.equals("/oauth2/token") && !path.equals("/oauth2/revoke") && !path.equals("/oauth2/introspect")) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        HTTPRequest http;
        try {
            http = JakartaServletUtils.createHTTPRequest(request, MAX_BODY);
        } catch (IllegalArgumentException | IOException unreadable) {
            apply(new TokenErrorResponse(OAuth2Error.INVALID_REQUEST).toHTTPResponse(), response);
            return;
        }
        // failures count per address and client: guessing one client's secret or codes is slowed down, while
        // other clients behind the same address (a proxy, a test suite) go on
        String address = "oauth:" + clientAddress.of(request) + "|" + clientId(http);
        HTTPResponse answer;
        try {
            Issuer issuer = issuer(request);
            answer = switch (path) {
                case "/oauth2/token" -> tokens.token(TokenRequest.parse(http), issuer)
                        .toHTTPResponse();
                case "/oauth2/revoke" -> revoke(TokenRevocationRequest.parse(http));
                default -> introspect(TokenIntrospectionRequest.parse(http), issuer);
            };
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
            answer = new TokenErrorResponse(error).toHTTPResponse();
        } catch (ProviderTokens.Refused refused) {
            // only failures are held up: a client with the right secret and a good code always gets its tokens
            Optional<Duration> wait = failures.retryAfter(address);
            failures.failed(address);
            if (wait.isPresent()) {
                long seconds = LoginThrottle.seconds(wait.get());
                response.setHeader("Retry-After", Long.toString(seconds));
                answer = new TokenErrorResponse(new ErrorObject(
                                "invalid_request",
                                "Too many failed requests from this address. Try again in " + seconds + " seconds.",
                                429))
                        .toHTTPResponse();
            } else {
                answer = new TokenErrorResponse(refused.error).toHTTPResponse();
                if (refused.error.getHTTPStatusCode() == 401) {
                    answer.setHeader("WWW-Authenticate", "Basic realm=\"hearth\"");
                }
            }
        }
        apply(answer, response);
    }

    /** The client a request names, by HTTP Basic or its client_id parameter; "-" when none. */
    private static String clientId(HTTPRequest http) {
        try {
            ClientAuthentication authentication = ClientAuthentication.parse(http);
            if (authentication != null) {
                return authentication.getClientID().getValue();
            }
            List<String> named = http.getBodyAsFormParameters().get("client_id");
            return named == null || named.isEmpty() ? "-" : named.get(0);
        } catch (ParseException malformed) {
            return "-";
        }
    }

    private HTTPResponse revoke(TokenRevocationRequest request) {
        OAuthClient client = tokens.client(request.getClientAuthentication(), request.getClientID());
        tokens.revoke(client, request.getToken().getValue());
        return new HTTPResponse(200);
    }

    private HTTPResponse introspect(TokenIntrospectionRequest request, Issuer issuer) {
        if (request.getClientAuthentication() == null) {
            throw new ProviderTokens.Refused(
                    OAuth2Error.INVALID_CLIENT.setDescription("Authenticate the client to introspect tokens."));
        }
        OAuthClient client = tokens.client(request.getClientAuthentication(), null);
        return tokens.introspect(client, request.getToken().getValue(), issuer).toHTTPResponse();
    }

    /** OpenID Connect's UserInfo: the claims the access token's scopes release (it needs {@code openid}). */
    private void userInfo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getUserPrincipal() instanceof TokenPrincipal principal)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hearth\"");
            json(response, 401, "{\"error\":\"invalid_token\",\"error_description\":\"Send an access token.\"}", null);
            return;
        }
        if (!principal.scopes().contains(ProviderScopes.OPENID)) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"openid\"");
            json(
                    response,
                    403,
                    "{\"error\":\"insufficient_scope\",\"error_description\":\"The token lacks openid.\"}",
                    null);
            return;
        }
        Account user = accounts.get(Long.parseLong(principal.getSubject()));
        UserInfo info = new UserInfo(new Subject(principal.getSubject()));
        UserClaims.of(user, principal.scopes()).forEach(info::setClaim);
        json(response, 200, info.toJSONObject().toJSONString(), "no-store");
    }

    /** The provider's metadata: the OpenID Connect Discovery document, also served as RFC 8414's. */
    OIDCProviderMetadata metadata(HttpServletRequest request) {
        String base = issuer(request).getValue();
        OIDCProviderMetadata metadata = new OIDCProviderMetadata(
                issuer(request), List.of(SubjectType.PUBLIC), URI.create(base + "/oauth2/jwks"));
        metadata.setAuthorizationEndpointURI(URI.create(base + "/oauth2/authorize"));
        metadata.setTokenEndpointURI(URI.create(base + "/oauth2/token"));
        metadata.setRevocationEndpointURI(URI.create(base + "/oauth2/revoke"));
        metadata.setIntrospectionEndpointURI(URI.create(base + "/oauth2/introspect"));
        metadata.setUserInfoEndpointURI(URI.create(base + "/oauth2/userinfo"));
        metadata.setScopes(new Scope(ProviderScopes.SUPPORTED.toArray(String[]::new)));
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        List<ClientAuthenticationMethod> authentication = List.of(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.NONE);
        metadata.setTokenEndpointAuthMethods(authentication);
        metadata.setRevocationEndpointAuthMethods(authentication);
        metadata.setIntrospectionEndpointAuthMethods(
                List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST));
        metadata.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
        metadata.setSupportsRequestURIParam(false);
        metadata.setClaims(List.of(
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "name",
                "preferred_username",
                "email",
                "email_verified"));
        return metadata;
    }

    /** Hearth's public address (hearth.public.url), else the address this request came to. */
    Issuer issuer(HttpServletRequest request) {
        return new Issuer(PublicUrl.of(publicUrl, request));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static void apply(HTTPResponse answer, HttpServletResponse response) throws IOException {
        JakartaServletUtils.applyHTTPResponse(answer, response);
    }

    private static void json(HttpServletResponse response, int status, String body, String cacheControl)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (cacheControl != null) {
            response.setHeader("Cache-Control", cacheControl);
        }
        response.getWriter().write(body);
    }
}
