package dev.hearth.it;

import static dev.hearth.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuth2AccessTokenErrorResponse;
import com.github.scribejava.core.oauth.AccessTokenRequestParams;
import com.github.scribejava.core.oauth.AuthorizationUrlBuilder;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.github.scribejava.core.oauth2.OAuth2Error;
import com.github.scribejava.core.oauth2.clientauthentication.ClientAuthentication;
import com.github.scribejava.core.oauth2.clientauthentication.RequestBodyAuthenticationScheme;
import com.github.scribejava.core.revoke.TokenTypeHint;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hearth as an OAuth 2.0 and OpenID Connect provider, driven by a real OAuth client library (ScribeJava, not our
 * code) for the client's part, and by Hearth's own consent API for the user's part (the browser test clicks it).
 */
@Order(4)
@ExtendWith(SharedHearth.class)
class OAuthProviderIT {

    private static final String CLIENTS = "/api/v1/admin/oauth2/clients";
    private static final String CALLBACK = "https://app.example/callback";

    private final Api api = SharedHearth.api();
    private final String base = SharedHearth.server().uri("/").toString().replaceAll("/$", "");

    /** Hearth's endpoints, as ScribeJava wants them told. */
    private final class HearthApi extends DefaultApi20 {
        private final boolean publicClient;

        HearthApi(boolean publicClient) {
            this.publicClient = publicClient;
        }

        @Override
        public String getAccessTokenEndpoint() {
            return base + "/oauth2/token";
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return base + "/oauth2/authorize";
        }

        @Override
        public String getRevokeTokenEndpoint() {
            return base + "/oauth2/revoke";
        }

        @Override
        public ClientAuthentication getClientAuthentication() {
            return publicClient ? RequestBodyAuthenticationScheme.instance() : super.getClientAuthentication();
        }
    }

    private JsonObject register(String name, boolean confidential, String... redirects) throws Exception {
        Api.Reply made = api.send(
                "POST",
                CLIENTS,
                api.adminToken(),
                Json.createObjectBuilder()
                        .add("name", name)
                        .add("redirectUris", Json.createArrayBuilder(List.of(redirects)))
                        .add("confidential", confidential)
                        .build()
                        .toString());
        assertEquals(201, made.status(), made::toString);
        assertEquals("no-store", made.header("cache-control"));
        return made.json();
    }

    private OAuth20Service service(JsonObject client, String scope) {
        var builder = new ServiceBuilder(client.getString("clientId"))
                .defaultScope(scope)
                .callback(CALLBACK);
        if (client.getBoolean("confidential")) {
            builder.apiSecret(client.getString("clientSecret"));
        }
        return builder.build(new HearthApi(!client.getBoolean("confidential")));
    }

    /** The user's part: what the consent page asks, then the user's answer; the redirect back to the client. */
    private URI consent(String session, String authorizationUrl, Boolean approve) throws Exception {
        String query = URI.create(authorizationUrl).getRawQuery();
        Api.Reply asked = api.get("/api/v1/oauth2/authorize?" + query, session);
        assertEquals(200, asked.status(), asked::toString);
        if (asked.json().containsKey("redirect") || approve == null) {
            return URI.create(asked.json().getString("redirect"));
        }
        Api.Reply decided = api.send(
                "POST",
                "/api/v1/oauth2/authorize",
                session,
                Json.createObjectBuilder()
                        .add("request", query)
                        .add("approve", approve)
                        .build()
                        .toString());
        assertEquals(200, decided.status(), decided::toString);
        return URI.create(decided.json().getString("redirect"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return params;
    }

    private JsonObject introspect(JsonObject client, String token) throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString((client.getString("clientId") + ":" + client.getString("clientSecret"))
                        .getBytes(StandardCharsets.UTF_8));
        Api.Reply reply = api.send(api.request("/oauth2/introspect")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                .build());
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static JsonObject raw(OAuth2AccessToken token) {
        return Json.createReader(new StringReader(token.getRawResponse())).readObject();
    }

    @Test
    void aConfidentialClientGoesTheWholeRoundWithPkceOpenIdRefreshRevokeAndIntrospection() throws Exception {
        api.createUser("oauth-olga", "oauth-olga-password", "user");
        api.send(
                "PATCH",
                "/api/v1/admin/users/"
                        + api.get("/api/v1/admin/users", api.adminToken()).array().stream()
                                .map(JsonValue::asJsonObject)
                                .filter(u -> u.getString("username").equals("oauth-olga"))
                                .findFirst()
                                .orElseThrow()
                                .getJsonNumber("id"),
                api.adminToken(),
                "{\"email\":\"olga@example.org\"}");
        String session = api.token("oauth-olga", "oauth-olga-password");
        JsonObject client = register("Wiki", true, CALLBACK, "https://app.example/other");
        assertTrue(client.getString("clientSecret").startsWith("hcs_"));
        OAuth20Service scribe = service(client, "openid profile email api_read");

        AuthorizationUrlBuilder authorization = scribe.createAuthorizationUrlBuilder()
                .state("state-1")
                .additionalParams(Map.of("nonce", "nonce-1"))
                .initPKCE();
        String url = authorization.build();
        Api.Reply asked = api.get("/api/v1/oauth2/authorize?" + URI.create(url).getRawQuery(), session);
        assertEquals("Wiki", asked.json().getString("client"), "the consent page names the client");
        assertEquals(
                List.of("openid", "profile", "email", "api_read"),
                asked.json().getJsonArray("scopes").getValuesAs(JsonString::getString));
        URI back = consent(session, url, true);
        assertTrue(back.toString().startsWith(CALLBACK + "?"), back::toString);
        Map<String, String> params = query(back);
        assertEquals("state-1", params.get("state"));

        OAuth2AccessToken tokens = scribe.getAccessToken(AccessTokenRequestParams.create(params.get("code"))
                .pkceCodeVerifier(authorization.getPkce().getCodeVerifier()));
        assertTrue(tokens.getAccessToken().startsWith("hoa_"));
        assertEquals("Bearer", tokens.getTokenType());
        assertEquals(3600, tokens.getExpiresIn());
        assertEquals("openid profile email api_read", tokens.getScope());

        JsonObject raw = raw(tokens);
        SignedJWT idToken = SignedJWT.parse(raw.getString("id_token"));
        IDTokenValidator validator = new IDTokenValidator(
                new Issuer(base),
                new ClientID(client.getString("clientId")),
                JWSAlgorithm.RS256,
                new URL(base + "/oauth2/jwks"));
        JWTClaimsSet claims = validator.validate(idToken, new Nonce("nonce-1")).toJWTClaimsSet();
        assertEquals("oauth-olga", claims.getStringClaim("preferred_username"));
        assertEquals("olga@example.org", claims.getStringClaim("email"));
        assertFalse(claims.getBooleanClaim("email_verified"), "an address an administrator typed is not verified");
        assertThrows(
                Exception.class,
                () -> validator.validate(idToken, new Nonce("another nonce")),
                "the nonce is the one the client sent");

        String access = tokens.getAccessToken();
        assertEquals("oauth-olga", api.get("/api/v1/me", access).json().getString("username"));
        assertProblem(
                api.send("PUT", "/api/v1/dashboard/layout", access, "{\"widgets\":[]}"), 403, "insufficient_scope");
        JsonObject userInfo = api.get("/oauth2/userinfo", access).json();
        assertEquals(claims.getSubject(), userInfo.getString("sub"));
        assertEquals("olga@example.org", userInfo.getString("email"));
        JsonObject active = introspect(client, access);
        assertTrue(active.getBoolean("active"));
        assertEquals("oauth-olga", active.getString("username"));
        assertEquals(client.getString("clientId"), active.getString("client_id"));

        OAuth2AccessToken refreshed = scribe.refreshAccessToken(tokens.getRefreshToken());
        assertNotEquals(tokens.getRefreshToken(), refreshed.getRefreshToken(), "refresh tokens rotate");
        assertEquals(200, api.get("/api/v1/me", refreshed.getAccessToken()).status());

        scribe.revokeToken(refreshed.getRefreshToken(), TokenTypeHint.REFRESH_TOKEN);
        assertEquals(401, api.get("/api/v1/me", refreshed.getAccessToken()).status(), "revoked with its refresh token");
        assertFalse(introspect(client, refreshed.getAccessToken()).getBoolean("active"));
        assertFalse(introspect(client, refreshed.getRefreshToken()).getBoolean("active"));

        URI again = consent(
                session,
                scribe.createAuthorizationUrlBuilder()
                        .state("state-2")
                        .initPKCE()
                        .build(),
                null);
        assertTrue(query(again).containsKey("code"), "consent is remembered for the same scopes: " + again);
    }

    @Test
    void aReplayedCodeRevokesWhatWasIssuedFromIt() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        OAuth20Service scribe = service(register("Replay", true, CALLBACK), "api_read");
        AuthorizationUrlBuilder authorization =
                scribe.createAuthorizationUrlBuilder().initPKCE();
        String code = query(consent(session, authorization.build(), true)).get("code");
        AccessTokenRequestParams exchange = AccessTokenRequestParams.create(code)
                .pkceCodeVerifier(authorization.getPkce().getCodeVerifier());
        OAuth2AccessToken first = scribe.getAccessToken(exchange);
        assertEquals(200, api.get("/api/v1/me", first.getAccessToken()).status());

        OAuth2AccessTokenErrorResponse replay =
                assertThrows(OAuth2AccessTokenErrorResponse.class, () -> scribe.getAccessToken(exchange));
        assertEquals(OAuth2Error.INVALID_GRANT, replay.getError());
        assertEquals(401, api.get("/api/v1/me", first.getAccessToken()).status(), "the first exchange's token is gone");
        assertThrows(OAuth2AccessTokenErrorResponse.class, () -> scribe.refreshAccessToken(first.getRefreshToken()));
    }

    @Test
    void aReusedRefreshTokenRevokesTheWholeFamily() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        OAuth20Service scribe = service(register("Family", true, CALLBACK), "api_read api_write");
        AuthorizationUrlBuilder authorization =
                scribe.createAuthorizationUrlBuilder().initPKCE();
        OAuth2AccessToken first = scribe.getAccessToken(AccessTokenRequestParams.create(
                        query(consent(session, authorization.build(), true)).get("code"))
                .pkceCodeVerifier(authorization.getPkce().getCodeVerifier()));
        OAuth2AccessToken second = scribe.refreshAccessToken(first.getRefreshToken());

        OAuth2AccessTokenErrorResponse reuse = assertThrows(
                OAuth2AccessTokenErrorResponse.class, () -> scribe.refreshAccessToken(first.getRefreshToken()));
        assertEquals(OAuth2Error.INVALID_GRANT, reuse.getError());
        assertEquals(401, api.get("/api/v1/me", second.getAccessToken()).status(), "the newest access token too");
        assertThrows(OAuth2AccessTokenErrorResponse.class, () -> scribe.refreshAccessToken(second.getRefreshToken()));
    }

    @Test
    void aPublicClientNeedsPkceAndNoSecret() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        JsonObject client = register("Phone app", false, "com.example.phone:/callback", CALLBACK);
        assertFalse(client.containsKey("clientSecret"), "a public client has no secret");
        OAuth20Service scribe = service(client, "api_read");

        Map<String, String> refused = query(consent(session, scribe.getAuthorizationUrl("no-pkce"), true));
        assertEquals("invalid_request", refused.get("error"));
        assertEquals("no-pkce", refused.get("state"));

        AuthorizationUrlBuilder authorization =
                scribe.createAuthorizationUrlBuilder().initPKCE();
        String code = query(consent(session, authorization.build(), true)).get("code");
        OAuth2AccessTokenErrorResponse wrongVerifier = assertThrows(
                OAuth2AccessTokenErrorResponse.class,
                () -> scribe.getAccessToken(
                        AccessTokenRequestParams.create(code).pkceCodeVerifier("x".repeat(43))));
        assertEquals(OAuth2Error.INVALID_GRANT, wrongVerifier.getError());

        AuthorizationUrlBuilder again = scribe.createAuthorizationUrlBuilder().initPKCE();
        OAuth2AccessToken tokens = scribe.getAccessToken(AccessTokenRequestParams.create(
                        query(consent(session, again.build(), true)).get("code"))
                .pkceCodeVerifier(again.getPkce().getCodeVerifier()));
        assertEquals(200, api.get("/api/v1/me", tokens.getAccessToken()).status());
    }

    @Test
    void redirectUrisMustMatchExactlyAndUnknownClientsAreNotRedirected() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        JsonObject client = register("Exact", true, CALLBACK);
        String id = client.getString("clientId");
        String state = "&response_type=code&scope=api_read&state=s";

        assertProblem(
                api.get(
                        "/api/v1/oauth2/authorize?client_id=" + id + "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb"
                                + state,
                        session),
                400,
                "invalid_authorization_request");
        assertProblem(
                api.get(
                        "/api/v1/oauth2/authorize?client_id=" + id
                                + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback%2F" + state,
                        session),
                400,
                "invalid_authorization_request");
        assertProblem(
                api.get(
                        "/api/v1/oauth2/authorize?client_id=nobody&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback"
                                + state,
                        session),
                400,
                "invalid_authorization_request");
        Map<String, String> unknownScope = query(URI.create(api.get(
                        "/api/v1/oauth2/authorize?client_id=" + id
                                + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&response_type=code"
                                + "&scope=everything&state=s",
                        session)
                .json()
                .getString("redirect")));
        assertEquals("invalid_scope", unknownScope.get("error"));

        OAuth20Service scribe = service(client, "api_read");
        String code =
                query(consent(session, scribe.getAuthorizationUrl("s"), true)).get("code");
        OAuth20Service elsewhere = new ServiceBuilder(id)
                .apiSecret(client.getString("clientSecret"))
                .callback("https://app.example/other")
                .build(new HearthApi(false));
        OAuth2AccessTokenErrorResponse mismatch =
                assertThrows(OAuth2AccessTokenErrorResponse.class, () -> elsewhere.getAccessToken(code));
        assertEquals(OAuth2Error.INVALID_GRANT, mismatch.getError());
    }

    @Test
    void denyingSendsAccessDeniedAndAWrongSecretIsInvalidClient() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        JsonObject client = register("Denied", true, CALLBACK);
        OAuth20Service scribe = service(client, "api_read");
        Map<String, String> denied = query(consent(session, scribe.getAuthorizationUrl("d"), false));
        assertEquals("access_denied", denied.get("error"));
        assertEquals("d", denied.get("state"));

        String code =
                query(consent(session, scribe.getAuthorizationUrl("d"), true)).get("code");
        OAuth20Service impostor = new ServiceBuilder(client.getString("clientId"))
                .apiSecret("hcs_wrong")
                .callback(CALLBACK)
                .build(new HearthApi(false));
        OAuth2AccessTokenErrorResponse wrong =
                assertThrows(OAuth2AccessTokenErrorResponse.class, () -> impostor.getAccessToken(code));
        assertEquals(OAuth2Error.INVALID_CLIENT, wrong.getError());
    }

    @Test
    void aUserCannotGrantWhatTheyDoNotHave() throws Exception {
        api.createUser("oauth-ursula", "oauth-ursula-password", "user");
        String session = api.token("oauth-ursula", "oauth-ursula-password");
        OAuth20Service scribe = service(register("Greedy", true, CALLBACK), "api_read admin");
        AuthorizationUrlBuilder authorization =
                scribe.createAuthorizationUrlBuilder().initPKCE();
        OAuth2AccessToken tokens = scribe.getAccessToken(AccessTokenRequestParams.create(
                        query(consent(session, authorization.build(), true)).get("code"))
                .pkceCodeVerifier(authorization.getPkce().getCodeVerifier()));
        assertEquals("api_read", tokens.getScope(), "admin is not the user's to grant");
    }

    @Test
    void administratorsManageClientsAndUsersRevokeTheirAuthorizations() throws Exception {
        String admin = api.adminToken();
        JsonObject client = register("Managed", true, CALLBACK);
        String path = CLIENTS + "/" + client.getJsonNumber("id");
        assertTrue(api.get(CLIENTS, admin).body().contains("\"Managed\""));
        assertFalse(api.get(CLIENTS, admin).body().contains("clientSecret"), "the secret is shown once");

        Api.Reply renamed = api.send(
                "PATCH", path, admin, "{\"name\":\"Managed wiki\",\"redirectUris\":[\"https://app.example/v2\"]}");
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals(
                List.of("https://app.example/v2"),
                renamed.json().getJsonArray("redirectUris").getValuesAs(JsonString::getString));
        assertProblem(
                api.send("PATCH", path, admin, "{\"redirectUris\":[\"http://app.example/cb\"]}"),
                400,
                "validation_failed");
        assertProblem(
                api.send("PATCH", path, admin, "{\"redirectUris\":[\"https://app.example/cb#x\"]}"),
                400,
                "validation_failed");

        String rotated = api.send("POST", path + "/secret", admin, null).json().getString("clientSecret");
        assertNotEquals(client.getString("clientSecret"), rotated);
        JsonObject current =
                Json.createObjectBuilder(client).add("clientSecret", rotated).build();
        OAuth20Service scribe = new ServiceBuilder(client.getString("clientId"))
                .apiSecret(rotated)
                .defaultScope("api_read")
                .callback("https://app.example/v2")
                .build(new HearthApi(false));
        api.createUser("oauth-rita", "oauth-rita-password", "user");
        String session = api.token("oauth-rita", "oauth-rita-password");
        OAuth2AccessToken tokens = scribe.getAccessToken(
                query(consent(session, scribe.getAuthorizationUrl("r"), true)).get("code"));
        assertTrue(introspect(current, tokens.getAccessToken()).getBoolean("active"));

        JsonObject listed =
                api.get("/api/v1/me/authorizations", session).array().getJsonObject(0);
        assertEquals("Managed wiki", listed.getString("name"));
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/me/authorizations/" + client.getString("clientId"), session, null)
                        .status());
        assertEquals(401, api.get("/api/v1/me", tokens.getAccessToken()).status());
        assertEquals("[]", api.get("/api/v1/me/authorizations", session).body());
        assertProblem(
                api.send("DELETE", "/api/v1/me/authorizations/" + client.getString("clientId"), session, null),
                404,
                "authorization_not_found");
        assertTrue(
                api.get(
                                "/api/v1/oauth2/authorize?"
                                        + URI.create(scribe.getAuthorizationUrl("r"))
                                                .getRawQuery(),
                                session)
                        .json()
                        .containsKey("client"),
                "asked again after revoking");

        OAuth2AccessToken another = scribe.getAccessToken(
                query(consent(session, scribe.getAuthorizationUrl("r"), true)).get("code"));
        assertEquals(204, api.send("DELETE", path, admin, null).status());
        assertEquals(
                401, api.get("/api/v1/me", another.getAccessToken()).status(), "deleting the client ends its tokens");
        assertProblem(api.get(path, admin), 404, "client_not_found");
    }

    @Test
    void theDiscoveryDocumentsDescribeTheProvider() throws Exception {
        JsonObject oidc = api.get("/.well-known/openid-configuration", null).json();
        JsonObject rfc8414 =
                api.get("/.well-known/oauth-authorization-server", null).json();
        assertEquals(oidc, rfc8414);
        assertEquals(base, oidc.getString("issuer"));
        assertEquals(base + "/oauth2/authorize", oidc.getString("authorization_endpoint"));
        assertEquals(base + "/oauth2/token", oidc.getString("token_endpoint"));
        assertEquals(base + "/oauth2/revoke", oidc.getString("revocation_endpoint"));
        assertEquals(base + "/oauth2/introspect", oidc.getString("introspection_endpoint"));
        assertEquals(base + "/oauth2/userinfo", oidc.getString("userinfo_endpoint"));
        assertEquals(
                List.of("S256"),
                oidc.getJsonArray("code_challenge_methods_supported").getValuesAs(JsonString::getString));
        assertTrue(oidc.getJsonArray("scopes_supported").toString().contains("api_write"));
        JsonObject jwks = api.get("/oauth2/jwks", null).json();
        assertEquals("RS256", jwks.getJsonArray("keys").getJsonObject(0).getString("alg"));
        System.out.println("[discovery] " + oidc);
    }

    /** Guessing a client's secret costs time: an address that keeps failing is told to wait. */
    @Test
    void guessingAtTheTokenEndpointIsSlowedDown() throws Exception {
        JsonObject client = register("Guessed", true, CALLBACK);
        List<Integer> statuses = new java.util.ArrayList<>();
        FromAddress.Answer last = null;
        for (int i = 0; i < 14; i++) {
            String basic = Base64.getEncoder()
                    .encodeToString((client.getString("clientId") + ":hcs_guess" + i).getBytes(StandardCharsets.UTF_8));
            last = FromAddress.send(
                    "127.0.0.4",
                    SharedHearth.server().uri("/"),
                    "POST",
                    "/oauth2/token",
                    Map.of("Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded"),
                    "grant_type=authorization_code&code=x&redirect_uri=" + CALLBACK);
            statuses.add(last.status());
        }
        assertEquals(List.of(401, 401, 401, 401, 401, 401, 401, 401, 401, 401), statuses.subList(0, 10));
        assertTrue(statuses.subList(10, 14).contains(429), statuses::toString);
        assertTrue(statuses.get(13) == 429 && last.headers().containsKey("retry-after"), statuses::toString);
    }

    @Test
    void clientsCannotUseEachOthersCodesTokensOrIntrospection() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        JsonObject a = register("Client A", true, CALLBACK);
        JsonObject b = register("Client B", true, CALLBACK);
        OAuth20Service scribeA = service(a, "api_read");
        OAuth20Service scribeB = service(b, "api_read");
        String code =
                query(consent(session, scribeA.getAuthorizationUrl("a"), true)).get("code");

        OAuth2AccessTokenErrorResponse stolen =
                assertThrows(OAuth2AccessTokenErrorResponse.class, () -> scribeB.getAccessToken(code));
        assertEquals(OAuth2Error.INVALID_GRANT, stolen.getError());
        OAuth2AccessToken tokens = scribeA.getAccessToken(code);
        assertEquals(200, api.get("/api/v1/me", tokens.getAccessToken()).status(), "A's code still works for A");

        assertThrows(OAuth2AccessTokenErrorResponse.class, () -> scribeB.refreshAccessToken(tokens.getRefreshToken()));
        assertFalse(introspect(b, tokens.getAccessToken()).getBoolean("active"), "B learns nothing of A's token");
        scribeB.revokeToken(tokens.getAccessToken(), TokenTypeHint.ACCESS_TOKEN);
        assertEquals(200, api.get("/api/v1/me", tokens.getAccessToken()).status(), "B cannot revoke A's token");
        assertTrue(scribeA.refreshAccessToken(tokens.getRefreshToken())
                .getAccessToken()
                .startsWith("hoa_"));
    }

    @Test
    void aRefreshAskingTooMuchIsRefusedAndTheTokenStillWorks() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        OAuth20Service scribe = service(register("Modest", true, CALLBACK), "api_read");
        OAuth2AccessToken tokens = scribe.getAccessToken(
                query(consent(session, scribe.getAuthorizationUrl("m"), true)).get("code"));

        OAuth2AccessTokenErrorResponse greedy = assertThrows(
                OAuth2AccessTokenErrorResponse.class,
                () -> scribe.refreshAccessToken(tokens.getRefreshToken(), "api_read api_write"));
        assertEquals(OAuth2Error.INVALID_SCOPE, greedy.getError());
        OAuth2AccessToken again = scribe.refreshAccessToken(tokens.getRefreshToken());
        assertEquals("api_read", again.getScope(), "the refused request did not use the refresh token up");
    }

    @Test
    void unsupportedResponseModesAndMalformedChallengesGoBackAsErrors() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        String id = register("Strict", true, CALLBACK).getString("clientId");
        String base = "/api/v1/oauth2/authorize?client_id=" + id
                + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&response_type=code&scope=api_read&state=z";
        for (String odd : List.of(
                "&response_mode=form_post",
                "&code_challenge=" + "a".repeat(200) + "&code_challenge_method=S256",
                "&code_challenge=abc&code_challenge_method=plain",
                "&nonce=" + "n".repeat(300))) {
            Api.Reply reply = api.get(base + odd, session);
            assertEquals(200, reply.status(), odd + ": " + reply);
            Map<String, String> params = query(URI.create(reply.json().getString("redirect")));
            assertEquals("invalid_request", params.get("error"), odd);
            assertEquals("z", params.get("state"), odd);
        }
    }

    /** client_secret_post: the client's credentials in the form instead of HTTP Basic. */
    @Test
    void aClientMayAuthenticateWithItsSecretInTheForm() throws Exception {
        String session = api.token("admin", HearthServer.ADMIN_PASSWORD);
        JsonObject client = register("Form poster", true, CALLBACK);
        String code = query(consent(session, service(client, "api_read").getAuthorizationUrl("p"), true))
                .get("code");
        Api.Reply tokens = api.send(api.request("/oauth2/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
                        + "&redirect_uri=" + java.net.URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8)
                        + "&client_id=" + client.getString("clientId")
                        + "&client_secret=" + client.getString("clientSecret")))
                .build());
        assertEquals(200, tokens.status(), tokens::toString);
        assertEquals("no-store", tokens.header("cache-control"));
        assertEquals(
                200,
                api.get("/api/v1/me", tokens.json().getString("access_token")).status());

        Api.Reply wrong = api.send(api.request("/oauth2/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + tokens.json().getString("refresh_token") + "&client_id=" + client.getString("clientId")
                        + "&client_secret=hcs_wrong"))
                .build());
        assertEquals(401, wrong.status(), wrong::toString);
        assertEquals("invalid_client", wrong.json().getString("error"));
    }
}
