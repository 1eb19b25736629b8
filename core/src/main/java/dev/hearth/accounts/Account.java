package dev.hearth.accounts;

import dev.hearth.Roles;
import dev.hearth.security.TokenIssuer;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A local user. The username is stored lower-case, so sign-in ignores case. */
@Entity
@Table(name = "account")
@NamedQuery(name = Account.BY_USERNAME, query = "select a from Account a where a.username = :username")
@NamedQuery(name = Account.ALL, query = "select a from Account a where a.systemUser = false order by a.username")
public class Account {

    static final String BY_USERNAME = "Account.byUsername";
    static final String ALL = "Account.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, unique = true)
    String username;

    @Column(name = "display_name", nullable = false)
    String displayName;

    @Column(name = "password_hash", nullable = false)
    String passwordHash;

    @Column(nullable = false)
    String role;

    @Column(nullable = false)
    boolean disabled;

    /** Raised when the role or password changes or the account is disabled: older tokens stop working. */
    @Column(name = "session_version", nullable = false)
    int sessionVersion;

    /** For OpenID Connect's email scope; null when unknown. */
    @Column
    String email;

    /** Whether an identity provider vouched for the address. */
    @Column(name = "email_verified", nullable = false)
    boolean emailVerified;

    /** The designated user that system API tokens act as: never signs in, never listed. */
    @Column(name = "system_user", nullable = false)
    boolean systemUser;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    public Long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String displayName() {
        return displayName;
    }

    public String role() {
        return role;
    }

    public int sessionVersion() {
        return sessionVersion;
    }

    public boolean disabled() {
        return disabled;
    }

    public String email() {
        return email;
    }

    public boolean emailVerified() {
        return emailVerified;
    }

    public boolean systemUser() {
        return systemUser;
    }

    boolean isAdmin() {
        return Roles.ADMIN.equals(role);
    }

    /** What a sign-in token says about this user. */
    public TokenIssuer.Subject subject() {
        return new TokenIssuer.Subject(id, username, displayName, groups(), sessionVersion);
    }

    /** The JWT groups: an admin is a user too, so user endpoints admit admins. */
    public List<String> groups() {
        return isAdmin() ? List.of(Roles.USER, Roles.ADMIN) : List.of(Roles.USER);
    }
}
