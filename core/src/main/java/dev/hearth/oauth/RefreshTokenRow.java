package dev.hearth.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A refresh token (its SHA-256), rotated on use. */
@Entity
@Table(name = "oauth_refresh_token")
public class RefreshTokenRow {

    @Id
    @Column(name = "token_hash")
    String tokenHash;

    @Column(name = "grant_id", nullable = false)
    long grantId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(nullable = false)
    boolean used;
}
