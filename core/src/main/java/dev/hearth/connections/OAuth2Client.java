package dev.hearth.connections;

import static dev.hearth.json.Jsonp.JSON;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/** The OAuth 2.0 client side of the authorization code flow (RFC 6749, PKCE RFC 7636). */
public final class OAuth2Client {

    private final BoundedHttp http;
    private final Clock clock;

    OAuth2Client(UpstreamPool pool, int bodyLimit, Clock clock) {
        this.http = new BoundedHttp(pool, bodyLimit);
        this.clock = clock;
    }

    static URI authorizeUrl(OAuth2Flow flow, String state, String verifier, URI redirectUri) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", flow.clientId());
        params.put("redirect_uri", redirectUri.toString());
        params.put("state", state);
        if (!flow.scopes().isEmpty()) {
            params.put("scope", String.join(" ", flow.scopes()));
        }
        if (flow.pkce()) {
            params.put("code_challenge", challenge(verifier));
            params.put("code_challenge_method", "S256");
        }
        params.putAll(flow.extraAuthorizeParameters());
        String base = flow.authorizeUrl().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + form(params));
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Credential.OAuth2 exchange(OAuth2Flow flow, String code, URI redirectUri, String verifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", redirectUri.toString());
        if (flow.pkce()) {
            params.put("code_verifier", verifier);
        }
        return token(flow, flow.tokenUrl(), params, null);
    }

    /**
     * Refreshes at the token endpoint that issued the refresh token; keeps the old refresh token when the upstream does
     * not rotate it.
     */
    public Credential.OAuth2 refresh(OAuth2Flow flow, URI tokenUrl, String refreshToken) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", refreshToken);
        return token(flow, tokenUrl, params, refreshToken);
    }

    /**
     * Revokes the grant at the flow's revocation endpoint (RFC 7009): the refresh token, which takes its access
     * tokens with it, or the access token when there is none. Answers whether the upstream confirmed (200).
     */
    public boolean revoke(OAuth2Flow flow, Credential.OAuth2 tokens) {
        Map<String, String> params = new LinkedHashMap<>();
        boolean refresh = tokens.refreshToken() != null;
        params.put("token", refresh ? tokens.refreshToken() : tokens.accessToken());
        params.put("token_type_hint", refresh ? "refresh_token" : "access_token");
        return post(flow, flow.revokeUrl(), params, false, "The revocation endpoint")
                        .status()
                == 200;
    }

    /** Posts the parameters with the client's id and secret, as a form or (where the upstream wants it) as JSON. */
    private BoundedHttp.Answer post(
            OAuth2Flow flow, URI endpoint, Map<String, String> params, boolean json, String what) {
        params.put("client_id", flow.clientId());
        if (flow.clientSecret() != null) {
            params.put("client_secret", flow.clientSecret());
        }
        String body;
        if (json) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            params.forEach(object::add);
            body = object.build().toString();
        } else {
            body = form(params);
        }
        return http.send(
                ClassicRequestBuilder.post(endpoint)
                        .setEntity(
                                body.getBytes(StandardCharsets.UTF_8),
                                ContentType.create(json ? "application/json" : "application/x-www-form-urlencoded"))
                        .addHeader("Accept", "application/json")
                        .build(),
                what);
    }

    private Credential.OAuth2 token(OAuth2Flow flow, URI tokenUrl, Map<String, String> params, String previousRefresh) {
        BoundedHttp.Answer response = post(flow, tokenUrl, params, flow.jsonTokenRequests(), "The token endpoint");
        JsonObject json;
        try {
            json = JSON.createReader(new StringReader(response.body())).readObject();
        } catch (RuntimeException e) {
            throw new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "The token endpoint answered HTTP " + response.status() + " without JSON");
        }
        if (response.status() != 200) {
            String error = json.getString("error", "unknown_error");
            if (error.equals("invalid_client")) {
                // Hearth's own client id or secret is wrong (a mistyped setting): the administrator's to fix, and no
                // reason to make every user connect again.
                throw new UpstreamException(
                        UpstreamException.Kind.BAD_RESPONSE,
                        "The token endpoint refused Hearth's client credentials (invalid_client): the plugin's"
                                + " client ID or secret is wrong. Ask your administrator.",
                        response.status());
            }
            // RFC 6749 says invalid_grant for a dead refresh token; Nextcloud answers invalid_request for a refresh
            // token that was already redeemed or is unknown. Either way the user has to connect again.
            boolean refused = error.equals("invalid_grant")
                    || response.status() == 401
                    || previousRefresh != null && error.equals("invalid_request");
            String description = json.get("error_description") instanceof JsonString text ? text.getString() : null;
            throw new UpstreamException(
                    refused ? UpstreamException.Kind.UNAUTHORIZED : UpstreamException.Kind.BAD_RESPONSE,
                    "The token endpoint refused: " + error + (description == null ? "" : " (" + description + ")"),
                    response.status());
        }
        if (!json.containsKey("access_token")) {
            throw new UpstreamException(UpstreamException.Kind.BAD_RESPONSE, "The token endpoint gave no access_token");
        }
        return new Credential.OAuth2(
                json.getString("access_token"),
                json.getString("refresh_token", previousRefresh),
                json.containsKey("expires_in")
                        ? clock.instant()
                                .plusSeconds(json.getJsonNumber("expires_in").longValue())
                        : null);
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
