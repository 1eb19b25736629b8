package dev.hearth.tokens;

import dev.hearth.Roles;
import dev.hearth.accounts.Account;
import dev.hearth.accounts.Accounts;
import dev.hearth.problems.ApiException;
import dev.hearth.security.OpaqueTokens;
import dev.hearth.security.RandomTokens;
import dev.hearth.security.Scopes;
import dev.hearth.security.TokenPrincipal;
import dev.hearth.security.TokenVerdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * System API tokens and personal access tokens: made with a name, scopes and a validity, shown once, kept only as
 * a SHA-256 hash, listed with their status and last use, deleted one by one; and checked on every request that
 * sends one ({@link OpaqueTokens}).
 */
@ApplicationScoped
public class ApiTokens implements OpaqueTokens {

    /** Tokens one owner can have at once: enough for any real use, and a bound on what a runaway script makes. */
    static final int MAX_PER_OWNER = 50;
    /** Last use is written at most this often per token: one write a minute, not one per request. */
    static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    Accounts accounts;

    private final Clock clock = Clock.systemUTC();

    /** The owner of a kind's tokens for a caller: the system user for system tokens, else the caller. */
    public Account owner(TokenKind kind, long callerId) {
        return kind == TokenKind.SYSTEM ? accounts.systemUser() : accounts.get(callerId);
    }

    @Transactional
    public TokenView create(TokenKind kind, Account owner, NewToken request) {
        Set<String> scopes = Scopes.requested(request.scopes(), owner.groups().contains(Roles.ADMIN));
        Instant now = clock.instant();
        Instant expiresAt = Validity.expiry(request.validity(), now);
        String name = request.name().strip();
        List<ApiToken> existing = rows(kind, owner.id());
        if (existing.size() >= MAX_PER_OWNER) {
            throw ApiException.conflict(
                    "too_many_tokens", "There are already " + MAX_PER_OWNER + " tokens here: delete one first.");
        }
        if (existing.stream().anyMatch(t -> t.name.equalsIgnoreCase(name))) {
            throw ApiException.conflict("token_name_taken", "A token named '" + name + "' exists already.");
        }
        String secret = RandomTokens.make(kind.prefix);
        ApiToken token = row(kind, owner, name, secret, scopes, now, expiresAt);
        em.persist(token);
        em.flush();
        return TokenView.of(token, owner.sessionVersion(), now, secret);
    }

    /**
     * An OAuth access token for a grant: not listed among the user's tokens, deleted with its grant. Answers the
     * token itself, which only the client sees.
     */
    @Transactional
    public String issueAccessToken(
            Account owner, long grantId, String clientName, Set<String> scopes, Instant expiresAt) {
        String secret = RandomTokens.make(TokenKind.OAUTH.prefix);
        ApiToken token = row(TokenKind.OAUTH, owner, clientName, secret, scopes, clock.instant(), expiresAt);
        token.grantId = grantId;
        em.persist(token);
        em.createQuery("delete from ApiToken t where t.grantId = :grant and t.expiresAt < :now")
                .setParameter("grant", grantId)
                .setParameter("now", clock.instant())
                .executeUpdate();
        return secret;
    }

    /** What an OAuth access token is, for introspection and revocation. */
    public record AccessToken(
            long id, long accountId, long grantId, String scopes, Instant issuedAt, Instant expiresAt) {}

    /** The OAuth access token with this value, live or not; empty for anything else. */
    public Optional<AccessToken> accessToken(String token) {
        if (!token.startsWith(TokenKind.OAUTH.prefix)) {
            return Optional.empty();
        }
        return em.createQuery("select t from ApiToken t where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", RandomTokens.hash(token))
                .getResultStream()
                .findFirst()
                .map(t -> new AccessToken(t.id, t.accountId, t.grantId, t.scopes, t.createdAt, t.expiresAt));
    }

    /** Ends one OAuth access token. */
    @Transactional
    public void revokeAccessToken(long id) {
        em.createQuery("delete from ApiToken t where t.id = :id and t.kind = :kind")
                .setParameter("id", id)
                .setParameter("kind", TokenKind.OAUTH)
                .executeUpdate();
    }

    /** Ends every access token issued from a grant. */
    @Transactional
    public void revokeGrant(long grantId) {
        em.createQuery("delete from ApiToken t where t.grantId = :grant")
                .setParameter("grant", grantId)
                .executeUpdate();
    }

    private static ApiToken row(
            TokenKind kind,
            Account owner,
            String name,
            String secret,
            Set<String> scopes,
            Instant now,
            Instant expiresAt) {
        ApiToken token = new ApiToken();
        token.accountId = owner.id();
        token.kind = kind;
        token.name = name;
        token.tokenHash = RandomTokens.hash(secret);
        token.hint = secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4);
        token.scopes = Scopes.join(scopes);
        token.sessionVersion = owner.sessionVersion();
        token.createdAt = now;
        token.expiresAt = expiresAt;
        return token;
    }

    /** An owner's tokens of one kind, newest first. */
    public List<TokenView> list(TokenKind kind, Account owner) {
        Instant now = clock.instant();
        return rows(kind, owner.id()).stream()
                .map(t -> TokenView.of(t, owner.sessionVersion(), now, null))
                .toList();
    }

    @Transactional
    public void delete(TokenKind kind, Account owner, long id) {
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null || token.kind != kind || token.accountId != owner.id()) {
            throw ApiException.notFound("token_not_found", "There is no token with id " + id + ".");
        }
        em.remove(token);
    }

    private List<ApiToken> rows(TokenKind kind, long ownerId) {
        return em.createQuery(
                        "select t from ApiToken t where t.accountId = :owner and t.kind = :kind"
                                + " order by t.createdAt desc, t.id desc",
                        ApiToken.class)
                .setParameter("owner", ownerId)
                .setParameter("kind", kind)
                .getResultList();
    }

    @Override
    public boolean recognizes(String token) {
        for (TokenKind kind : TokenKind.values()) {
            if (token.startsWith(kind.prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    @Transactional
    public TokenVerdict verify(String token) {
        List<Object[]> found = em.createQuery(
                        "select t, a from ApiToken t, Account a where t.tokenHash = :hash and a.id = t.accountId"
                                + " and (t.grantId is null or not exists (select g from OAuthGrant g"
                                + " where g.id = t.grantId and g.revoked = true))",
                        Object[].class)
                .setParameter("hash", RandomTokens.hash(token))
                .getResultList();
        if (found.isEmpty()) {
            return TokenVerdict.refused(
                    "token_invalid", "This API token is not valid: it is unknown, or it was deleted.");
        }
        ApiToken row = (ApiToken) found.get(0)[0];
        Account owner = (Account) found.get(0)[1];
        Instant now = clock.instant();
        if (!row.expiresAt.isAfter(now)) {
            return TokenVerdict.refused(
                    "token_expired", "This API token expired at " + row.expiresAt + ". Make a new one.");
        }
        if (owner.disabled() || owner.sessionVersion() != row.sessionVersion) {
            return TokenVerdict.refused(
                    "session_ended",
                    "This API token has ended: its account was disabled, or its role or password changed since the"
                            + " token was made. Make a new one.");
        }
        if (row.lastUsedAt == null || row.lastUsedAt.isBefore(now.minus(LAST_USE_PRECISION))) {
            row.lastUsedAt = now;
        }
        return new TokenVerdict.Accepted(TokenPrincipal.of(
                row.id,
                owner.id(),
                owner.username(),
                owner.displayName(),
                Set.copyOf(owner.groups()),
                owner.sessionVersion(),
                row.createdAt,
                row.expiresAt,
                Scopes.split(row.scopes)));
    }
}
