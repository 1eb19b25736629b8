package dev.hearth.accounts;

import dev.hearth.BriefMemory;
import dev.hearth.Roles;
import dev.hearth.problems.ApiException;
import dev.hearth.security.Sessions;
import dev.hearth.security.SessionsEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Accounts and their passwords: sign-in, creation, changes, deletion, with the rules that keep an admin. */
@ApplicationScoped
public class Accounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<SessionsEnded> sessionsEnded;

    @Inject
    Event<AccountChanged> changed;

    /** What {@link #view} read lately, believed as long as sessions are ({@link Sessions#RECHECK}). */
    private final BriefMemory<Long, UserView> views = new BriefMemory<>(Duration.ofSeconds(Sessions.RECHECK), 100_000);

    /** The password hash of a user without a local password: no PHC string, so nothing verifies against it. */
    static final String NO_PASSWORD = "!";

    private final Clock clock = Clock.systemUTC();
    private final PasswordHasher hasher = new PasswordHasher();

    public Optional<Account> find(String username) {
        return em.createNamedQuery(Account.BY_USERNAME, Account.class)
                .setParameter("username", normalize(username))
                .getResultStream()
                .findFirst();
    }

    /** An account as its owner sees it ({@code /api/v1/me}), read lately or now. */
    public UserView view(long id) {
        return views.get(id, () -> UserView.of(get(id)));
    }

    void forget(@Observes(during = TransactionPhase.AFTER_COMPLETION) AccountChanged change) {
        views.forgetAll();
    }

    public Account get(long id) {
        Account account = em.find(Account.class, id);
        if (account == null) {
            throw ApiException.notFound("user_not_found", "There is no user with id " + id + ".");
        }
        return account;
    }

    /** Stores a new hash of a user's password (made outside any transaction: hashing takes a while). */
    @Transactional
    public void rehash(long id, String passwordHash) {
        get(id).passwordHash = passwordHash;
    }

    /** The users with this e-mail address (compared without case). */
    public List<Account> withEmail(String email) {
        return em.createQuery(
                        "select a from Account a where lower(a.email) = :email and a.systemUser = false", Account.class)
                .setParameter("email", email.toLowerCase(Locale.ROOT))
                .getResultList();
    }

    /**
     * A user that an external identity provider vouched for: no local password (one can be set later by an
     * administrator), a username made from what the provider suggests, unique here.
     */
    @Transactional
    public Account createExternal(
            String suggested, String displayName, String email, boolean emailVerified, String role) {
        String base = Usernames.from(suggested);
        String name = base;
        for (int n = 2; find(name).isPresent(); n++) {
            name = base.substring(0, Math.min(base.length(), 58)) + "-" + n;
        }
        Account account = new Account();
        account.username = name;
        account.displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        account.passwordHash = NO_PASSWORD;
        account.role = role;
        account.email = email;
        account.emailVerified = email != null && emailVerified;
        account.createdAt = clock.instant();
        account.updatedAt = account.createdAt;
        em.persist(account);
        em.flush();
        return account;
    }

    /**
     * Brings a user in line with what their identity provider says at sign-in: the role when the provider decides
     * it (a change ends their other sessions), and the e-mail address when the provider vouches for it.
     */
    @Transactional
    public Account update(long id, String role, String verifiedEmail) {
        Account account = get(id);
        boolean changes = false;
        if (role != null && !role.equals(account.role)) {
            account.role = role;
            endSessions(account);
            changes = true;
        }
        if (verifiedEmail != null && (!verifiedEmail.equals(account.email) || !account.emailVerified)) {
            account.email = verifiedEmail;
            account.emailVerified = true;
            changes = true;
        }
        if (changes) {
            account.updatedAt = clock.instant();
            changed.fire(new AccountChanged(id));
        }
        return account;
    }

    /** A user as administrators see them: the system user is none of theirs (404). */
    public Account person(long id) {
        Account account = get(id);
        if (account.systemUser) {
            throw ApiException.notFound("user_not_found", "There is no user with id " + id + ".");
        }
        return account;
    }

    /** The designated user that system API tokens act as. */
    public Account systemUser() {
        return em.createQuery("select a from Account a where a.systemUser = true", Account.class)
                .getSingleResult();
    }

    public List<Account> list() {
        return em.createNamedQuery(Account.ALL, Account.class).getResultList();
    }

    public long count() {
        return em.createQuery("select count(a) from Account a where a.systemUser = false", Long.class)
                .getSingleResult();
    }

    @Transactional
    public Account create(String username, String password, String displayName, String role, String email) {
        String name = normalize(username);
        if (find(name).isPresent()) {
            throw ApiException.conflict("username_taken", "The username '" + name + "' is taken.");
        }
        Account account = new Account();
        account.username = name;
        account.displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        account.passwordHash = hasher.hash(password);
        account.role = role == null ? Roles.USER : role;
        account.email = email;
        account.createdAt = clock.instant();
        account.updatedAt = account.createdAt;
        em.persist(account);
        em.flush();
        return account;
    }

    /**
     * Applies the non-null changes. An admin cannot disable or demote themselves, and the last enabled admin cannot be
     * disabled or demoted by anyone (a system token with the admin scope included).
     */
    @Transactional
    public Account change(long id, UserChanges changes, long actingAccountId) {
        Account account = person(id);
        boolean demoted = Boolean.TRUE.equals(changes.disabled) || Roles.USER.equals(changes.role);
        if (account.id == actingAccountId && demoted) {
            throw ApiException.conflict("cannot_change_self", "You cannot disable or demote your own account.");
        }
        if (demoted && account.isAdmin() && !account.disabled && enabledAdmins() == 1) {
            throw ApiException.conflict(
                    "last_admin", "This is the last enabled administrator: make another one first.");
        }
        boolean endSessions = Boolean.TRUE.equals(changes.disabled) && !account.disabled
                || changes.role != null && !changes.role.equals(account.role)
                || changes.password != null;
        if (changes.disabled != null) {
            account.disabled = changes.disabled;
        }
        if (changes.role != null) {
            account.role = changes.role;
        }
        if (changes.displayName != null) {
            account.displayName = changes.displayName.strip();
        }
        if (changes.password != null) {
            account.passwordHash = hasher.hash(changes.password);
        }
        if (changes.email != null && !changes.email.equals(account.email)) {
            account.email = changes.email.isEmpty() ? null : changes.email;
            account.emailVerified = false;
        }
        if (endSessions) {
            endSessions(account); // the tokens issued before carry the old role, or the old password's proof
        }
        account.updatedAt = clock.instant();
        changed.fire(new AccountChanged(id));
        return account;
    }

    private long enabledAdmins() {
        return em.createQuery(
                        "select count(a) from Account a where a.role = :admin and a.disabled = false"
                                + " and a.systemUser = false",
                        Long.class)
                .setParameter("admin", Roles.ADMIN)
                .getSingleResult();
    }

    /**
     * Refuses what {@link #delete} would refuse: an unknown user (404), the acting admin themselves, or the last
     * enabled admin (409).
     */
    public void checkDeletable(long id, long actingAccountId) {
        Account account = person(id);
        if (account.id == actingAccountId) {
            throw ApiException.conflict("cannot_change_self", "You cannot delete your own account.");
        }
        if (account.isAdmin() && !account.disabled && enabledAdmins() == 1) {
            throw ApiException.conflict(
                    "last_admin", "This is the last enabled administrator: make another one first.");
        }
    }

    @Transactional
    public void delete(long id, long actingAccountId) {
        checkDeletable(id, actingAccountId);
        em.remove(get(id));
        sessionsEnded.fire(new SessionsEnded(id));
        changed.fire(new AccountChanged(id));
    }

    /** Ends every session and token of an account: they carry the session version, which changes here. */
    private void endSessions(Account account) {
        account.sessionVersion++;
        sessionsEnded.fire(new SessionsEnded(account.id));
    }

    static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
