package dev.hearth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.hearth.accounts.Account;
import dev.hearth.accounts.Accounts;
import dev.hearth.security.RandomTokens;
import dev.hearth.security.Scopes;
import dev.hearth.security.SigningKeys;
import dev.hearth.tokens.ApiTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The token, revocation and introspection endpoints' work. Codes are single use: a code presented again revokes
 * everything issued from it. Refresh tokens rotate: each use answers a new one, and a used one presented again
 * revokes its whole family. Access tokens live an hour, refresh tokens 30 days; both end when the user's role or
 * password changes, or the user or the client is deleted.
 */
@ApplicationScoped
public class ProviderTokens {

    static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    static final String REFRESH_PREFIX = "hor_";

    @PersistenceContext
    EntityManager em;

    @Inject
    OAuthClients clients;

    @Inject
    Authorizations authorizations;

    @Inject
    ApiTokens tokens;

    @Inject
    Accounts accounts;

    @Inject
    SigningKeys keys;

    private final Clock clock = Clock.systemUTC();

    /** A refusal in the words of RFC 6749 §5.2. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final transient ErrorObject error;

        Refused(ErrorObject error) {
            super(error.getCode(), null, false, false);
            this.error = error;
        }
    }

    private static Refused refused(ErrorObject error, String description) {
        return new Refused(error.setDescription(description));
    }

    /**
     * The client that sent a request: a confidential one by its secret (HTTP Basic or in the form), a public one by
     * its client_id alone.
     */
    OAuthClient client(ClientAuthentication authentication, ClientID identified) {
        if (authentication != null) {
            Optional<OAuthClient> client =
                    clients.byClientId(authentication.getClientID().getValue());
            if (client.isPresent()
                    && client.get().confidential
                    && authentication instanceof PlainClientSecret secret
                    && RandomTokens.matches(secret.getClientSecret().getValue(), client.get().secretHash)) {
                return client.get();
            }
            throw refused(OAuth2Error.INVALID_CLIENT, "Unknown client, or a wrong secret.");
        }
        if (identified != null) {
            Optional<OAuthClient> client = clients.byClientId(identified.getValue());
            if (client.isPresent() && !client.get().confidential) {
                return client.get();
            }
        }
        throw refused(
                OAuth2Error.INVALID_CLIENT, "Authenticate the client (client_secret_basic or client_secret_post).");
    }

    /** The token endpoint. */
    @Transactional(dontRollbackOn = Refused.class)
    public TokenResponse token(TokenRequest request, Issuer issuer) {
        OAuthClient client = client(request.getClientAuthentication(), request.getClientID());
        AuthorizationGrant grant = request.getAuthorizationGrant();
        if (grant instanceof AuthorizationCodeGrant code) {
            return exchange(client, code, issuer);
        }
        if (grant instanceof RefreshTokenGrant refresh) {
            return refresh(client, refresh.getRefreshToken().getValue(), request.getScope(), issuer);
        }
        throw refused(
                OAuth2Error.UNSUPPORTED_GRANT_TYPE, "Hearth issues tokens for authorization_code and refresh_token.");
    }

    private TokenResponse exchange(OAuthClient client, AuthorizationCodeGrant code, Issuer issuer) {
        OAuthGrant grant = em.createQuery("select g from OAuthGrant g where g.codeHash = :hash", OAuthGrant.class)
                .setParameter(
                        "hash", RandomTokens.hash(code.getAuthorizationCode().getValue()))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> refused(OAuth2Error.INVALID_GRANT, "Unknown authorization code."));
        if (grant.clientRow != client.id) {
            throw refused(OAuth2Error.INVALID_GRANT, "This code was issued to another client.");
        }
        if (grant.codeUsed) {
            authorizations.revoke(grant);
            throw refused(
                    OAuth2Error.INVALID_GRANT, "This code was used before; every token issued from it is revoked now.");
        }
        grant.codeUsed = true;
        if (!grant.codeExpiresAt.isAfter(clock.instant()) || grant.revoked) {
            throw refused(OAuth2Error.INVALID_GRANT, "This code has expired.");
        }
        URI redirect = code.getRedirectionURI();
        if (redirect == null
                ? client.redirects().size() != 1
                : !redirect.toString().equals(grant.redirectUri)) {
            throw refused(OAuth2Error.INVALID_GRANT, "redirect_uri is not the one the code was issued for.");
        }
        if (grant.codeChallenge != null) {
            if (code.getCodeVerifier() == null
                    || !CodeChallenge.compute(CodeChallengeMethod.S256, code.getCodeVerifier())
                            .getValue()
                            .equals(grant.codeChallenge)) {
                throw refused(OAuth2Error.INVALID_GRANT, "The code_verifier does not match the code_challenge.");
            }
        } else if (code.getCodeVerifier() != null) {
            throw refused(OAuth2Error.INVALID_GRANT, "A code_verifier was sent, but no code_challenge was.");
        }
        return issue(client, grant, live(grant), Scopes.split(grant.scopes), grant.nonce, issuer);
    }

    private TokenResponse refresh(OAuthClient client, String token, Scope asked, Issuer issuer) {
        String hash = RandomTokens.hash(token);
        RefreshTokenRow found = em.find(RefreshTokenRow.class, hash);
        if (found == null) {
            throw refused(OAuth2Error.INVALID_GRANT, "Unknown or revoked refresh token.");
        }
        // the grant first, then its refresh token: the order revocation locks them in
        OAuthGrant grant = em.find(OAuthGrant.class, found.grantId, LockModeType.PESSIMISTIC_WRITE);
        RefreshTokenRow row = em.find(RefreshTokenRow.class, hash, LockModeType.PESSIMISTIC_WRITE);
        if (grant == null || row == null) {
            throw refused(OAuth2Error.INVALID_GRANT, "Unknown or revoked refresh token.");
        }
        if (grant.clientRow != client.id) {
            throw refused(OAuth2Error.INVALID_GRANT, "This refresh token was issued to another client.");
        }
        if (row.used) {
            authorizations.revoke(grant);
            throw refused(
                    OAuth2Error.INVALID_GRANT,
                    "This refresh token was used before; every token of its authorization is revoked now.");
        }
        if (!row.expiresAt.isAfter(clock.instant()) || grant.revoked) {
            throw refused(OAuth2Error.INVALID_GRANT, "This refresh token has expired.");
        }
        Set<String> granted = Scopes.split(grant.scopes);
        Set<String> scopes = granted;
        if (asked != null && !asked.isEmpty()) {
            if (!granted.containsAll(asked.toStringList())) {
                throw refused(OAuth2Error.INVALID_SCOPE, "Ask for no more than was granted: " + grant.scopes + ".");
            }
            scopes = ProviderScopes.grantable(Set.copyOf(asked.toStringList()), true);
        }
        Account user = live(grant);
        row.used = true; // only now: a refused request leaves the token usable, as RFC 6749 §5.2 expects
        return issue(client, grant, user, scopes, null, issuer);
    }

    /** The grant's user, if the grant still holds: enabled, and no role or password change since. */
    private Account live(OAuthGrant grant) {
        Account user = accounts.get(grant.accountId);
        if (user.disabled() || user.sessionVersion() != grant.sessionVersion) {
            throw refused(
                    OAuth2Error.INVALID_GRANT,
                    "The user's account was disabled, or their role or password changed: authorize again.");
        }
        return user;
    }

    private TokenResponse issue(
            OAuthClient client, OAuthGrant grant, Account user, Set<String> scopes, String nonce, Issuer issuer) {
        Instant now = clock.instant();
        String access = tokens.issueAccessToken(user, grant.id, client.name, scopes, now.plus(ACCESS_LIFETIME));
        String refresh = RandomTokens.make(REFRESH_PREFIX);
        RefreshTokenRow row = new RefreshTokenRow();
        row.tokenHash = RandomTokens.hash(refresh);
        row.grantId = grant.id;
        row.createdAt = now;
        row.expiresAt = now.plus(REFRESH_LIFETIME);
        em.persist(row);
        BearerAccessToken bearer =
                new BearerAccessToken(access, ACCESS_LIFETIME.toSeconds(), new Scope(scopes.toArray(String[]::new)));
        if (!scopes.contains(ProviderScopes.OPENID)) {
            return new AccessTokenResponse(new Tokens(bearer, new RefreshToken(refresh)));
        }
        String idToken = idToken(client, grant, user, scopes, nonce, bearer, issuer, now);
        return new OIDCTokenResponse(new OIDCTokens(idToken, bearer, new RefreshToken(refresh)));
    }

    private String idToken(
            OAuthClient client,
            OAuthGrant grant,
            Account user,
            Set<String> scopes,
            String nonce,
            BearerAccessToken access,
            Issuer issuer,
            Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer.getValue())
                .subject(Long.toString(user.id()))
                .audience(client.clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ACCESS_LIFETIME)))
                .claim("auth_time", grant.authTime.getEpochSecond())
                .claim("azp", client.clientId)
                .claim(
                        "at_hash",
                        AccessTokenHash.compute(access, JWSAlgorithm.RS256, null)
                                .getValue());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        UserClaims.of(user, scopes).forEach(claims::claim);
        SigningKeys.ActiveKey key = keys.active();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.kid())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key.key()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an ID token", e);
        }
        return jwt.serialize();
    }

    /** RFC 7009: ends the token (a refresh token ends its whole authorization) if it is this client's; else nothing. */
    @Transactional
    public void revoke(OAuthClient client, String token) {
        if (token.startsWith(REFRESH_PREFIX)) {
            RefreshTokenRow row = em.find(RefreshTokenRow.class, RandomTokens.hash(token));
            OAuthGrant grant =
                    row == null ? null : em.find(OAuthGrant.class, row.grantId, LockModeType.PESSIMISTIC_WRITE);
            if (grant != null && grant.clientRow == client.id) {
                authorizations.revoke(grant);
            }
            return;
        }
        tokens.accessToken(token)
                .filter(t -> em.find(OAuthGrant.class, t.grantId()).clientRow == client.id)
                .ifPresent(t -> tokens.revokeAccessToken(t.id()));
    }

    /**
     * RFC 7662: what a token is, for the confidential client it was issued to; {@code active: false} for anything not
     * live, and for another client's token (Hearth is the only resource server of its tokens, so no client needs to
     * learn about another's).
     */
    public TokenIntrospectionSuccessResponse introspect(OAuthClient caller, String token, Issuer issuer) {
        if (!caller.confidential) {
            throw refused(OAuth2Error.INVALID_CLIENT, "Only confidential clients may introspect tokens.");
        }
        Instant now = clock.instant();
        Optional<ApiTokens.AccessToken> access = tokens.accessToken(token);
        if (access.isPresent()) {
            ApiTokens.AccessToken t = access.get();
            return describe(
                    caller,
                    em.find(OAuthGrant.class, t.grantId()),
                    t.scopes(),
                    t.issuedAt(),
                    t.expiresAt(),
                    now,
                    AccessTokenType.BEARER.getValue(),
                    issuer);
        }
        if (token.startsWith(REFRESH_PREFIX)) {
            return em.createQuery("select r from RefreshTokenRow r where r.tokenHash = :hash", RefreshTokenRow.class)
                    .setParameter("hash", RandomTokens.hash(token))
                    .getResultStream()
                    .filter(r -> !r.used)
                    .findFirst()
                    .map(r -> {
                        OAuthGrant grant = em.find(OAuthGrant.class, r.grantId);
                        return describe(
                                caller, grant, grant.scopes, r.createdAt, r.expiresAt, now, "refresh_token", issuer);
                    })
                    .orElse(inactive());
        }
        return inactive();
    }

    private TokenIntrospectionSuccessResponse describe(
            OAuthClient caller,
            OAuthGrant grant,
            String scopes,
            Instant issued,
            Instant expires,
            Instant now,
            String type,
            Issuer issuer) {
        Account user = accounts.get(grant.accountId);
        if (grant.clientRow != caller.id
                || grant.revoked
                || !expires.isAfter(now)
                || user.disabled()
                || user.sessionVersion() != grant.sessionVersion) {
            return inactive();
        }
        OAuthClient client = em.find(OAuthClient.class, grant.clientRow);
        return new TokenIntrospectionSuccessResponse.Builder(true)
                .scope(Scope.parse(scopes))
                .clientID(new ClientID(client.clientId))
                .username(user.username())
                .parameter("token_type", type)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(expires))
                .subject(new Subject(Long.toString(user.id())))
                .audience(List.of(new Audience(client.clientId)))
                .issuer(issuer)
                .build();
    }

    private static TokenIntrospectionSuccessResponse inactive() {
        return new TokenIntrospectionSuccessResponse.Builder(false).build();
    }
}
