package dev.hearth.tokens;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A system API token or a personal access token, as stored: its SHA-256, never the token. */
@Entity
@Table(name = "api_token")
public class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "account_id", nullable = false)
    long accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    TokenKind kind;

    @Column(nullable = false)
    String name;

    @Column(name = "token_hash", nullable = false, unique = true)
    String tokenHash;

    /** The token's first and last characters, to tell tokens apart in a list. */
    @Column(nullable = false)
    String hint;

    /** Space-separated, as in OAuth 2.0. */
    @Column(nullable = false)
    String scopes;

    /** The owner's session version when the token was made: a role or password change since ends the token. */
    @Column(name = "session_version", nullable = false)
    int sessionVersion;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    /** The OAuth grant an access token was issued from; it ends with its grant. */
    @Column(name = "grant_id")
    Long grantId;
}
