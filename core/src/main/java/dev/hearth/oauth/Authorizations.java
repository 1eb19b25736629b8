package dev.hearth.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.hearth.Roles;
import dev.hearth.accounts.Account;
import dev.hearth.problems.ApiException;
import dev.hearth.security.RandomTokens;
import dev.hearth.security.Scopes;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The authorization endpoint's work, for the consent page: check a request (errors that cannot be sent back to a
 * verified redirect URI are a 400 for the user to read; the others go back to the client), ask the user unless they
 * already agreed to these scopes, and on approval issue a code: single use, 60 seconds, bound to the client, the
 * redirect URI and the PKCE challenge. Also the user's list of applications they authorized, and revoking them.
 */
@ApplicationScoped
public class Authorizations {

    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_NONCE = 255;

    @PersistenceContext
    EntityManager em;

    @Inject
    OAuthClients clients;

    @Inject
    ApiTokens tokens;

    private final Clock clock = Clock.systemUTC();

    /** What the consent page does next: ask the user, or send the browser back to the client. */
    public sealed interface Step {
        /** Ask the user whether {@code client} may have {@code scopes}. */
        record Ask(String client, List<String> scopes) implements Step {}

        /** Send the browser here: the client's redirect URI with a code or an error. */
        record Redirect(URI redirect) implements Step {}
    }

    /** A request that passed the checks that must not redirect. */
    private record Checked(AuthorizationRequest request, OAuthClient client, URI redirect) {}

    /** A GET of the authorization endpoint by a signed-in user. */
    @Transactional
    public Step authorize(String query, Account user, Instant signedInAt) {
        return checked(query, user, checked -> {
            Set<String> scopes = scopes(checked, user);
            Prompt prompt = checked.request().getPrompt();
            boolean forced =
                    prompt != null && (prompt.contains(Prompt.Type.CONSENT) || prompt.contains(Prompt.Type.LOGIN));
            if (!forced && consented(user, checked.client()).containsAll(scopes)) {
                return new Step.Redirect(issueCode(checked, user, scopes, signedInAt));
            }
            if (prompt != null && prompt.contains(Prompt.Type.NONE)) {
                return error(
                        checked, new ErrorObject("consent_required", "The user has not agreed to these scopes yet."));
            }
            return new Step.Ask(checked.client().name, List.copyOf(scopes));
        });
    }

    /** The user's answer on the consent page. */
    @Transactional
    public Step decide(String query, Account user, Instant signedInAt, boolean approve) {
        return checked(query, user, checked -> {
            if (!approve) {
                return error(checked, OAuth2Error.ACCESS_DENIED.setDescription("The user said no."));
            }
            Set<String> scopes = scopes(checked, user);
            remember(user, checked.client(), scopes);
            return new Step.Redirect(issueCode(checked, user, scopes, signedInAt));
        });
    }

    /** Checks the request, then goes on with it unless an error is to go back to the client. */
    private Step checked(String query, Account user, Function<Checked, Step> then) {
        Checked checked;
        try {
            checked = check(query);
        } catch (Redirected redirected) {
            return new Step.Redirect(redirected.redirect);
        }
        Step refused = refusal(checked, user);
        return refused != null ? refused : then.apply(checked);
    }

    /** Parses the request and checks client and redirect URI: what fails here is shown to the user, not redirected. */
    private Checked check(String query) {
        AuthorizationRequest request;
        try {
            request =
                    AuthorizationRequest.parse(query == null ? "" : query.startsWith("?") ? query.substring(1) : query);
        } catch (ParseException e) {
            if (e.getClientID() == null || e.getRedirectionURI() == null) {
                throw invalid("The sign-in request of the application is not valid: " + describe(e.getErrorObject()));
            }
            OAuthClient client = clientOf(e.getClientID().getValue());
            URI redirect = registered(client, e.getRedirectionURI());
            ErrorObject error = e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
            throw new Redirected(
                    new AuthorizationErrorResponse(redirect, error, e.getState(), e.getResponseMode()).toURI());
        }
        OAuthClient client = clientOf(request.getClientID().getValue());
        return new Checked(request, client, registered(client, request.getRedirectionURI()));
    }

    /** The errors that go back to the client; null when the request can go on. */
    private Step refusal(Checked checked, Account user) {
        AuthorizationRequest request = checked.request();
        if (request.getRequestObject() != null || request.getRequestURI() != null) {
            return error(
                    checked,
                    new ErrorObject(
                            "request_not_supported", "Send the parameters in the query, not as a request object."));
        }
        ResponseMode mode = request.getResponseMode();
        if (mode != null && !ResponseMode.QUERY.equals(mode) && !ResponseMode.FRAGMENT.equals(mode)) {
            return error(
                    checked, OAuth2Error.INVALID_REQUEST.setDescription("response_mode must be query or fragment."));
        }
        if (!ResponseType.CODE.equals(request.getResponseType())) {
            return error(checked, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("Only response_type=code."));
        }
        if (request.getCodeChallenge() == null && !checked.client().confidential) {
            return error(
                    checked,
                    OAuth2Error.INVALID_REQUEST.setDescription(
                            "A public client must use PKCE (code_challenge, S256)."));
        }
        if (request.getCodeChallenge() != null
                && (!CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())
                        || !S256_CHALLENGE
                                .matcher(request.getCodeChallenge().getValue())
                                .matches())) {
            return error(
                    checked,
                    OAuth2Error.INVALID_REQUEST.setDescription(
                            "code_challenge must be an S256 challenge (43 base64url characters), with"
                                    + " code_challenge_method=S256."));
        }
        List<String> nonce = request.getCustomParameter("nonce");
        if (nonce != null && (nonce.size() > 1 || nonce.get(0).length() > MAX_NONCE)) {
            return error(
                    checked, OAuth2Error.INVALID_REQUEST.setDescription("nonce: one value of at most 255 characters."));
        }
        if (request.getScope() == null || request.getScope().isEmpty()) {
            return error(checked, OAuth2Error.INVALID_SCOPE.setDescription("Ask for at least one scope."));
        }
        for (String scope : request.getScope().toStringList()) {
            if (!ProviderScopes.SUPPORTED.contains(scope)) {
                return error(
                        checked,
                        OAuth2Error.INVALID_SCOPE.setDescription("Unknown scope '" + scope + "'; Hearth knows "
                                + String.join(" ", ProviderScopes.SUPPORTED) + "."));
            }
        }
        if (scopes(checked, user).isEmpty()) {
            return error(checked, OAuth2Error.INVALID_SCOPE.setDescription("None of these scopes is yours to grant."));
        }
        return null;
    }

    private static Set<String> scopes(Checked checked, Account user) {
        return ProviderScopes.grantable(
                Set.copyOf(checked.request().getScope().toStringList()),
                user.groups().contains(Roles.ADMIN));
    }

    private static Step error(Checked checked, ErrorObject error) {
        return new Step.Redirect(new AuthorizationErrorResponse(
                        checked.redirect(), error, checked.request().getState(), mode(checked.request()))
                .toURI());
    }

    /** How the answer goes back: in the query, or in the fragment when the client asked so; nothing else. */
    private static ResponseMode mode(AuthorizationRequest request) {
        return ResponseMode.FRAGMENT.equals(request.getResponseMode()) ? ResponseMode.FRAGMENT : ResponseMode.QUERY;
    }

    private OAuthClient clientOf(String clientId) {
        return clients.byClientId(clientId)
                .orElseThrow(() -> invalid("There is no application with the client_id '" + clientId + "' here."));
    }

    /** The redirect URI, exactly as registered; the only one registered when the request names none. */
    private static URI registered(OAuthClient client, URI asked) {
        List<String> registered = client.redirects();
        if (asked == null) {
            if (registered.size() == 1) {
                return URI.create(registered.get(0));
            }
            throw invalid("The application did not say where to return (redirect_uri), and it has several.");
        }
        if (!registered.contains(asked.toString())) {
            throw invalid("The application asked to return to " + asked + ", which is not one of its registered"
                    + " redirect URIs. Ask its administrator to register it.");
        }
        return asked;
    }

    private URI issueCode(Checked checked, Account user, Set<String> scopes, Instant signedInAt) {
        String code = RandomTokens.make("hac_");
        Instant now = clock.instant();
        OAuthGrant grant = new OAuthGrant();
        grant.clientRow = checked.client().id;
        grant.accountId = user.id();
        grant.scopes = Scopes.join(scopes);
        grant.sessionVersion = user.sessionVersion();
        grant.codeHash = RandomTokens.hash(code);
        grant.codeExpiresAt = now.plus(CODE_LIFETIME);
        grant.redirectUri = checked.redirect().toString();
        grant.codeChallenge = checked.request().getCodeChallenge() == null
                ? null
                : checked.request().getCodeChallenge().getValue();
        List<String> nonce = checked.request().getCustomParameter("nonce");
        grant.nonce = nonce == null || nonce.isEmpty() ? null : nonce.get(0);
        grant.authTime = signedInAt;
        grant.createdAt = now;
        em.persist(grant);
        return new AuthorizationSuccessResponse(
                        checked.redirect(),
                        new AuthorizationCode(code),
                        null,
                        checked.request().getState(),
                        mode(checked.request()))
                .toURI();
    }

    private Set<String> consented(Account user, OAuthClient client) {
        Consent consent = em.find(Consent.class, new Consent.Key(user.id(), client.id));
        return consent == null ? Set.of() : Scopes.split(consent.scopes);
    }

    private void remember(Account user, OAuthClient client, Set<String> scopes) {
        Consent consent = em.find(Consent.class, new Consent.Key(user.id(), client.id));
        if (consent == null) {
            consent = new Consent();
            consent.accountId = user.id();
            consent.clientRow = client.id;
            em.persist(consent);
        }
        Set<String> all = new HashSet<>(Scopes.split(consent.scopes));
        all.addAll(scopes);
        consent.scopes = Scopes.join(ProviderScopes.grantable(all, true));
        consent.grantedAt = clock.instant();
    }

    /** An application the user allowed, and what they allowed it. */
    public record Authorized(String clientId, String name, List<String> scopes, Instant authorizedAt) {}

    /** The applications this user allowed, with the scopes they agreed to. */
    public List<Authorized> authorized(long accountId) {
        List<Object[]> rows = em.createQuery(
                        "select c, k.scopes, k.grantedAt from Consent k, OAuthClient c where c.id = k.clientRow"
                                + " and k.accountId = :me order by c.name",
                        Object[].class)
                .setParameter("me", accountId)
                .getResultList();
        return rows.stream()
                .map(row -> new Authorized(
                        ((OAuthClient) row[0]).clientId,
                        ((OAuthClient) row[0]).name,
                        List.copyOf(Scopes.split((String) row[1])),
                        (Instant) row[2]))
                .toList();
    }

    /** Ends every grant of this user to this client, with their tokens, and forgets the consent. */
    @Transactional
    public void revoke(long accountId, String clientId) {
        OAuthClient client = clients.byClientId(clientId).orElseThrow(() -> notAuthorized(clientId));
        List<OAuthGrant> grants = em.createQuery(
                        "select g from OAuthGrant g where g.accountId = :me and g.clientRow = :client"
                                + " and g.revoked = false",
                        OAuthGrant.class)
                .setParameter("me", accountId)
                .setParameter("client", client.id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        grants.forEach(this::revoke);
        int consents = em.createQuery("delete from Consent k where k.accountId = :me and k.clientRow = :client")
                .setParameter("me", accountId)
                .setParameter("client", client.id)
                .executeUpdate();
        if (grants.isEmpty() && consents == 0) {
            // the same answer as for an unknown client: whether another user authorized it is not told
            throw notAuthorized(clientId);
        }
    }

    private static ApiException notAuthorized(String clientId) {
        return ApiException.notFound(
                "authorization_not_found", "You have not authorized an application '" + clientId + "'.");
    }

    /** Ends a grant: its access tokens and refresh tokens stop working at once. */
    void revoke(OAuthGrant grant) {
        grant.revoked = true;
        tokens.revokeGrant(grant.id);
        em.createQuery("delete from RefreshTokenRow r where r.grantId = :grant")
                .setParameter("grant", grant.id)
                .executeUpdate();
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("invalid_authorization_request", detail);
    }

    private static String describe(ErrorObject error) {
        return error == null || error.getDescription() == null ? "it cannot be read." : error.getDescription();
    }

    /** An error that is told to the client at its verified redirect URI. */
    private static final class Redirected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient URI redirect;

        Redirected(URI redirect) {
            super(null, null, false, false);
            this.redirect = redirect;
        }
    }
}
