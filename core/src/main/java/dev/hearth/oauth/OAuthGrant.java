package dev.hearth.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One authorization of a client by a user: its code, then the family of tokens issued from it. */
@Entity
@Table(name = "oauth_grant")
public class OAuthGrant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    /** The client's row id (not its client_id). */
    @Column(name = "client_id", nullable = false)
    long clientRow;

    @Column(name = "account_id", nullable = false)
    long accountId;

    /** Space-separated. */
    @Column(nullable = false)
    String scopes;

    /** The user's session version at authorization: a role or password change since ends the grant. */
    @Column(name = "session_version", nullable = false)
    int sessionVersion;

    @Column(name = "code_hash", nullable = false, unique = true)
    String codeHash;

    @Column(name = "code_expires_at", nullable = false)
    Instant codeExpiresAt;

    @Column(name = "code_used", nullable = false)
    boolean codeUsed;

    @Column(name = "redirect_uri", nullable = false)
    String redirectUri;

    /** The PKCE S256 challenge, when the client sent one. */
    @Column(name = "code_challenge")
    String codeChallenge;

    @Column
    String nonce;

    @Column(name = "auth_time", nullable = false)
    Instant authTime;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(nullable = false)
    boolean revoked;
}
