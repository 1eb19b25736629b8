package dev.hearth.signin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The external OpenID Connect provider an operator may trust for sign-in ({@code HEARTH_OIDC_ISSUER},
 * {@code HEARTH_OIDC_CLIENT_ID}, {@code HEARTH_OIDC_CLIENT_SECRET}): its discovery document (read again hourly, or
 * when it fails), and the authorization code flow with PKCE, {@code state} and {@code nonce}. ID tokens are checked
 * against the discovery document and the provider's JWK set (issuer, audience, expiry, signature); a key the
 * provider rotated in is fetched when a token names it.
 */
@ApplicationScoped
public class ExternalProvider {

    private static final Logger LOGGER = Logger.getLogger(ExternalProvider.class.getName());
    private static final Duration METADATA_LIFETIME = Duration.ofHours(1);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    @Inject
    @ConfigProperty(name = "hearth.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "hearth.oidc.client.id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "hearth.oidc.client.secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "hearth.oidc.name", defaultValue = "OpenID Connect")
    String name;

    @Inject
    @ConfigProperty(name = "hearth.oidc.scopes", defaultValue = "openid profile email")
    String scopes;

    private final Clock clock = Clock.systemUTC();
    private volatile Resolved resolved;

    /** The provider as discovered: its metadata and the validator of its ID tokens. */
    private record Resolved(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant at) {}

    /** The values one sign-in must carry from its start to its callback. */
    public record Pending(String state, String nonce, String verifier) {}

    /** What the provider said about the user, checked. */
    public record Identity(String issuer, IDTokenClaimsSet claims) {}

    /** Something went wrong with the provider; the user is told in general terms, the log has the details. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        public final String code;

        Failed(String code, String message, Throwable cause) {
            super(message, cause, false, false);
            this.code = code;
        }
    }

    public boolean enabled() {
        return issuer.filter(i -> !i.isBlank()).isPresent()
                && clientId.filter(i -> !i.isBlank()).isPresent();
    }

    /** What the sign-in page calls the provider. */
    public String name() {
        return name;
    }

    /** A new sign-in: the values to keep until the callback, and where to send the browser. */
    public URI start(Pending pending, URI callback) throws Failed {
        Resolved provider = provider();
        return new AuthenticationRequest.Builder(
                        ResponseType.CODE, Scope.parse(scopes), new ClientID(clientId.orElseThrow()), callback)
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(new State(pending.state()))
                .nonce(new Nonce(pending.nonce()))
                .codeChallenge(new CodeVerifier(pending.verifier()), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    public static Pending newPending() {
        return new Pending(new State().getValue(), new Nonce().getValue(), new CodeVerifier().getValue());
    }

    /** The callback: the code exchanged (client_secret_basic, the PKCE verifier), and the ID token checked. */
    public Identity finish(Pending pending, String code, URI callback) throws Failed {
        Resolved provider = provider();
        HTTPRequest request = new TokenRequest(
                        provider.metadata().getTokenEndpointURI(),
                        new ClientSecretBasic(
                                new ClientID(clientId.orElseThrow()), new Secret(clientSecret.orElse(""))),
                        new AuthorizationCodeGrant(
                                new AuthorizationCode(code), callback, new CodeVerifier(pending.verifier())))
                .toHTTPRequest();
        request.setConnectTimeout(CONNECT_TIMEOUT_MS);
        request.setReadTimeout(READ_TIMEOUT_MS);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(request.send());
        } catch (IOException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new Failed("oidc_unavailable", "The provider's token endpoint did not answer usefully", e);
        }
        if (!response.indicatesSuccess()) {
            throw new Failed(
                    "oidc_failed",
                    "The provider refused the code: "
                            + response.toErrorResponse().getErrorObject(),
                    null);
        }
        JWT idToken = ((OIDCTokenResponse) response).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new Failed("oidc_failed", "The provider answered no ID token", null);
        }
        try {
            return new Identity(
                    provider.metadata().getIssuer().getValue(),
                    provider.validator().validate(idToken, new Nonce(pending.nonce())));
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw new Failed("oidc_failed", "The provider's ID token is not valid: " + e.getMessage(), e);
        }
    }

    private Resolved provider() throws Failed {
        Resolved current = resolved;
        if (current != null && current.at().plus(METADATA_LIFETIME).isAfter(clock.instant())) {
            return current;
        }
        try {
            OIDCProviderMetadata metadata =
                    OIDCProviderMetadata.resolve(new Issuer(issuer.orElseThrow()), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
            JWKSource<SecurityContext> keys =
                    JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build();
            List<JWSAlgorithm> algorithms = metadata.getIDTokenJWSAlgs() == null
                            || metadata.getIDTokenJWSAlgs().isEmpty()
                    ? List.of(JWSAlgorithm.RS256)
                    : metadata.getIDTokenJWSAlgs().stream()
                            .filter(a -> !a.getName().startsWith("HS")
                                    && !a.getName().equals("none"))
                            .toList();
            IDTokenValidator validator = new IDTokenValidator(
                    metadata.getIssuer(),
                    new ClientID(clientId.orElseThrow()),
                    new JWSVerificationKeySelector<>(java.util.Set.copyOf(algorithms), keys),
                    null);
            current = new Resolved(metadata, validator, clock.instant());
            resolved = current;
            return current;
        } catch (Exception e) {
            LOGGER.log(
                    Level.WARNING,
                    "Cannot read the OpenID Connect provider's discovery document at " + issuer.orElse(""),
                    e);
            throw new Failed("oidc_unavailable", "The provider's discovery document cannot be read", e);
        }
    }
}
