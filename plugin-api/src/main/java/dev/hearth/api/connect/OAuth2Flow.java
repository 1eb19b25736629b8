package dev.hearth.api.connect;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth 2.0 authorization code flow. Hearth sends the user to {@code authorizeUrl} with a single-use
 * {@code state} bound to the user (valid for 10 minutes) and, when {@code pkce}, an S256 code challenge; on the
 * way back it checks the state, exchanges the code at {@code tokenUrl} (client id and secret in the form body, or
 * in a JSON body for an upstream that wants one), reads the account's identity with the {@code verifier}, and
 * stores the tokens encrypted. Later it refreshes them: once for all concurrent requests on every instance,
 * storing the rotated refresh token in the same transaction before anything uses it; an {@code invalid_grant}
 * answer marks the connection expired, with the reason in words where the upstream's refresh token limits
 * ({@code refreshTokenIdleLimit}, {@code refreshTokenLifetime}) tell it.
 *
 * <p>Give the upstream's administrator Hearth's redirect URI:
 * {@code <Hearth's public URL>/api/v1/connections/<plugin id>/callback}.
 *
 * <p>Make one with {@link #builder(String, URI, URI, URI, String, TokenVerifier)}.
 *
 * @param label what the connect button says
 * @param instanceUrl the upstream's API base, handed to the verifier and to the plugin's calls
 * @param authorizeUrl the upstream's authorization endpoint
 * @param tokenUrl the upstream's token endpoint
 * @param clientId the OAuth client id the upstream gave for Hearth
 * @param clientSecret the client secret, or {@code null} for a public client (then use PKCE)
 * @param scopes the scopes to ask for
 * @param pkce whether to use PKCE with S256 (use it whenever the upstream supports it)
 * @param extraAuthorizeParameters further parameters for the authorization request (for example
 *     {@code audience} and {@code prompt} for Atlassian)
 * @param verifier reads the account's identity with the new access token
 * @param revokeUrl the upstream's token revocation endpoint (RFC 7009), or {@code null} when it has none: on
 *     disconnect Hearth revokes the refresh token there (client id and secret in the form body) before it forgets
 *     the tokens
 * @param jsonTokenRequests whether the token endpoint takes JSON bodies ({@code application/json}, as Atlassian's
 *     does) instead of form bodies
 * @param refreshTokenIdleLimit how long the upstream keeps an unused refresh token, or {@code null} when unknown
 * @param refreshTokenLifetime how long a grant's refresh tokens live at most from the user's consent, however often
 *     they are used, or {@code null} when unlimited or unknown
 * @since 0.4
 */
public record OAuth2Flow(
        String label,
        URI instanceUrl,
        URI authorizeUrl,
        URI tokenUrl,
        String clientId,
        String clientSecret,
        List<String> scopes,
        boolean pkce,
        Map<String, String> extraAuthorizeParameters,
        TokenVerifier verifier,
        URI revokeUrl,
        boolean jsonTokenRequests,
        Duration refreshTokenIdleLimit,
        Duration refreshTokenLifetime)
        implements AuthFlow {

    /** The type name clients use to start this flow. */
    public static final String TYPE = "oauth2";

    /**
     * Checks that every required part is there.
     *
     * @param label what the connect button says
     * @param instanceUrl the upstream's API base, handed to the verifier and to the plugin's calls
     * @param authorizeUrl the upstream's authorization endpoint
     * @param tokenUrl the upstream's token endpoint
     * @param clientId the OAuth client id the upstream gave for Hearth
     * @param clientSecret the client secret, or {@code null} for a public client (then use PKCE)
     * @param scopes the scopes to ask for
     * @param pkce whether to use PKCE with S256 (use it whenever the upstream supports it)
     * @param extraAuthorizeParameters further parameters for the authorization request (for example
     *     {@code audience} and {@code prompt} for Atlassian)
     * @param verifier reads the account's identity with the new access token
     * @param revokeUrl the upstream's token revocation endpoint (RFC 7009), or {@code null}
     * @param jsonTokenRequests whether the token endpoint takes JSON bodies instead of form bodies
     * @param refreshTokenIdleLimit how long the upstream keeps an unused refresh token, or {@code null}
     * @param refreshTokenLifetime how long a grant's refresh tokens live at most from consent, or {@code null}
     * @since 0.4
     */
    public OAuth2Flow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(verifier, "verifier");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        extraAuthorizeParameters = extraAuthorizeParameters == null ? Map.of() : Map.copyOf(extraAuthorizeParameters);
    }

    /**
     * The flow with form-encoded token requests and no known refresh token limits.
     *
     * @param label what the connect button says
     * @param instanceUrl the upstream's API base, handed to the verifier and to the plugin's calls
     * @param authorizeUrl the upstream's authorization endpoint
     * @param tokenUrl the upstream's token endpoint
     * @param clientId the OAuth client id the upstream gave for Hearth
     * @param clientSecret the client secret, or {@code null} for a public client (then use PKCE)
     * @param scopes the scopes to ask for
     * @param pkce whether to use PKCE with S256
     * @param extraAuthorizeParameters further parameters for the authorization request
     * @param verifier reads the account's identity with the new access token
     * @param revokeUrl the upstream's token revocation endpoint (RFC 7009), or {@code null}
     * @since 0.4
     */
    public OAuth2Flow(
            String label,
            URI instanceUrl,
            URI authorizeUrl,
            URI tokenUrl,
            String clientId,
            String clientSecret,
            List<String> scopes,
            boolean pkce,
            Map<String, String> extraAuthorizeParameters,
            TokenVerifier verifier,
            URI revokeUrl) {
        this(
                label,
                instanceUrl,
                authorizeUrl,
                tokenUrl,
                clientId,
                clientSecret,
                scopes,
                pkce,
                extraAuthorizeParameters,
                verifier,
                revokeUrl,
                false,
                null,
                null);
    }

    /**
     * The flow without a revocation endpoint.
     *
     * @param label what the connect button says
     * @param instanceUrl the upstream's API base, handed to the verifier and to the plugin's calls
     * @param authorizeUrl the upstream's authorization endpoint
     * @param tokenUrl the upstream's token endpoint
     * @param clientId the OAuth client id the upstream gave for Hearth
     * @param clientSecret the client secret, or {@code null} for a public client (then use PKCE)
     * @param scopes the scopes to ask for
     * @param pkce whether to use PKCE with S256
     * @param extraAuthorizeParameters further parameters for the authorization request
     * @param verifier reads the account's identity with the new access token
     * @since 0.4
     */
    public OAuth2Flow(
            String label,
            URI instanceUrl,
            URI authorizeUrl,
            URI tokenUrl,
            String clientId,
            String clientSecret,
            List<String> scopes,
            boolean pkce,
            Map<String, String> extraAuthorizeParameters,
            TokenVerifier verifier) {
        this(
                label,
                instanceUrl,
                authorizeUrl,
                tokenUrl,
                clientId,
                clientSecret,
                scopes,
                pkce,
                extraAuthorizeParameters,
                verifier,
                null,
                false,
                null,
                null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Starts a flow with its required parts.
     *
     * @param label what the connect button says
     * @param instanceUrl the upstream's API base
     * @param authorizeUrl the upstream's authorization endpoint
     * @param tokenUrl the upstream's token endpoint
     * @param clientId the OAuth client id the upstream gave for Hearth
     * @param verifier reads the account's identity with the new access token
     * @return a builder: a public client with PKCE and no scopes unless told otherwise
     * @since 0.4
     */
    public static Builder builder(
            String label, URI instanceUrl, URI authorizeUrl, URI tokenUrl, String clientId, TokenVerifier verifier) {
        return new Builder(label, instanceUrl, authorizeUrl, tokenUrl, clientId, verifier);
    }

    /**
     * Builds an {@link OAuth2Flow}.
     *
     * @since 0.4
     */
    public static final class Builder {
        private final String label;
        private final URI instanceUrl;
        private final URI authorizeUrl;
        private final URI tokenUrl;
        private final String clientId;
        private final TokenVerifier verifier;
        private String clientSecret;
        private List<String> scopes = List.of();
        private boolean pkce = true;
        private final Map<String, String> extraAuthorizeParameters = new LinkedHashMap<>();
        private URI revokeUrl;
        private boolean jsonTokenRequests;
        private Duration refreshTokenIdleLimit;
        private Duration refreshTokenLifetime;

        private Builder(
                String label,
                URI instanceUrl,
                URI authorizeUrl,
                URI tokenUrl,
                String clientId,
                TokenVerifier verifier) {
            this.label = label;
            this.instanceUrl = instanceUrl;
            this.authorizeUrl = authorizeUrl;
            this.tokenUrl = tokenUrl;
            this.clientId = clientId;
            this.verifier = verifier;
        }

        /**
         * @param clientSecret the client secret of a confidential client
         * @return this builder
         * @since 0.4
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * @param scopes the scopes to ask for
         * @return this builder
         * @since 0.4
         */
        public Builder scopes(List<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /**
         * @param pkce whether to use PKCE with S256 (the default; turn it off only for an upstream that refuses it)
         * @return this builder
         * @since 0.4
         */
        public Builder pkce(boolean pkce) {
            this.pkce = pkce;
            return this;
        }

        /**
         * @param name a further parameter of the authorization request (for example {@code prompt})
         * @param value its value
         * @return this builder
         * @since 0.4
         */
        public Builder authorizeParameter(String name, String value) {
            extraAuthorizeParameters.put(name, value);
            return this;
        }

        /**
         * Names the upstream's token revocation endpoint (RFC 7009), where Hearth revokes the tokens on disconnect.
         *
         * @param revokeUrl the revocation endpoint
         * @return this builder
         * @since 0.4
         */
        public Builder revokeUrl(URI revokeUrl) {
            this.revokeUrl = revokeUrl;
            return this;
        }

        /**
         * Sends the token requests (code exchange, refresh) as JSON bodies, for an upstream whose token endpoint
         * wants them (Atlassian's); revocation stays form-encoded as RFC 7009 says.
         *
         * @return this builder
         * @since 0.4
         */
        public Builder jsonTokenRequests() {
            this.jsonTokenRequests = true;
            return this;
        }

        /**
         * Tells Hearth the upstream's refresh token limits, so that a refused refresh is explained to the user in
         * words (for Atlassian: 90 days unused, 365 days from consent).
         *
         * @param idleLimit how long the upstream keeps an unused refresh token, or {@code null} when unknown
         * @param lifetime how long a grant's refresh tokens live at most from consent, or {@code null}
         * @return this builder
         * @since 0.4
         */
        public Builder refreshTokenLimits(Duration idleLimit, Duration lifetime) {
            this.refreshTokenIdleLimit = idleLimit;
            this.refreshTokenLifetime = lifetime;
            return this;
        }

        /**
         * @return the flow
         * @since 0.4
         */
        public OAuth2Flow build() {
            return new OAuth2Flow(
                    label,
                    instanceUrl,
                    authorizeUrl,
                    tokenUrl,
                    clientId,
                    clientSecret,
                    scopes,
                    pkce,
                    extraAuthorizeParameters,
                    verifier,
                    revokeUrl,
                    jsonTokenRequests,
                    refreshTokenIdleLimit,
                    refreshTokenLifetime);
        }
    }
}
