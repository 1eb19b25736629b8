package dev.hearth.signin;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.hearth.Roles;
import dev.hearth.accounts.Account;
import dev.hearth.accounts.Accounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who a person signing in through the external provider is here: the user linked to their issuer and subject;
 * else, when the operator allows it ({@code HEARTH_OIDC_LINK_BY_EMAIL}), the one user with the e-mail address the
 * provider vouches for (verified; never an administrator); else a new user. When the operator names a claim and a value
 * ({@code HEARTH_OIDC_ADMIN_CLAIM}, {@code HEARTH_OIDC_ADMIN_VALUE}), the provider decides the role at every sign-in.
 */
@ApplicationScoped
public class ExternalSignIn {

    private static final Logger LOGGER = Logger.getLogger(ExternalSignIn.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    @ConfigProperty(name = "hearth.oidc.link.by.email", defaultValue = "false")
    boolean linkByEmail;

    @Inject
    @ConfigProperty(name = "hearth.oidc.admin.claim")
    Optional<String> adminClaim;

    @Inject
    @ConfigProperty(name = "hearth.oidc.admin.value")
    Optional<String> adminValue;

    private final Clock clock = Clock.systemUTC();

    /** The user this identity signs in as; empty when that user is disabled. */
    @Transactional
    public Optional<Account> account(ExternalProvider.Identity identity) {
        IDTokenClaimsSet claims = identity.claims();
        String subject = claims.getSubject().getValue();
        String email = claims.getStringClaim("email");
        boolean verified = Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"));
        String role = role(claims);
        Instant now = clock.instant();
        ExternalIdentity known = em.find(ExternalIdentity.class, new ExternalIdentity.Key(identity.issuer(), subject));
        Account account;
        if (known != null) {
            known.lastSignInAt = now;
            account = accounts.update(known.accountId, role, verified ? email : null);
        } else {
            account = linked(identity.issuer(), email, verified)
                    .map(a -> accounts.update(a.id(), role, email))
                    .orElseGet(() -> accounts.createExternal(
                            Optional.ofNullable(claims.getStringClaim("preferred_username"))
                                    .orElse(email == null ? "user" : email.substring(0, email.indexOf('@'))),
                            claims.getStringClaim("name"),
                            email,
                            verified,
                            role == null ? Roles.USER : role));
            ExternalIdentity link = new ExternalIdentity();
            link.issuer = identity.issuer();
            link.subject = subject;
            link.accountId = account.id();
            link.createdAt = now;
            link.lastSignInAt = now;
            em.persist(link);
            LOGGER.info("Linked the external identity " + subject + " of " + identity.issuer() + " to the user "
                    + account.username());
        }
        return account.disabled() ? Optional.empty() : Optional.of(account);
    }

    /**
     * The existing user to link to: only by an address the provider verified, only if one user has it among those
     * not yet linked to someone else at this provider, and never an administrator (whose address an administrator
     * typed, unverified: taking over an admin account by an address at the provider is not worth the convenience).
     */
    private Optional<Account> linked(String issuer, String email, boolean verified) {
        if (!linkByEmail || !verified || email == null) {
            return Optional.empty();
        }
        List<Account> matches = accounts.withEmail(email).stream()
                .filter(a -> em.createQuery(
                                        "select count(x) from ExternalIdentity x where x.issuer = :issuer and x.accountId = :id",
                                        Long.class)
                                .setParameter("issuer", issuer)
                                .setParameter("id", a.id())
                                .getSingleResult()
                        == 0)
                .filter(a -> !a.groups().contains(Roles.ADMIN))
                .toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The role the provider decides, or null when the operator did not ask it to. */
    private String role(IDTokenClaimsSet claims) {
        if (adminClaim.isEmpty() || adminValue.isEmpty()) {
            return null;
        }
        Object value = claims.getClaim(adminClaim.get());
        boolean admin = value instanceof Collection<?> values
                ? values.stream().anyMatch(v -> adminValue.get().equals(String.valueOf(v)))
                : adminValue.get().equals(String.valueOf(value));
        return admin ? Roles.ADMIN : Roles.USER;
    }
}
