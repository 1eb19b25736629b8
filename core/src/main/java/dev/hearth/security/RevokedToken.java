package dev.hearth.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed-out token, kept until it would have expired anyway. */
@Entity
@Table(name = "revoked_token")
public class RevokedToken {

    @Id
    String jti;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    protected RevokedToken() {}

    RevokedToken(String jti, Instant expiresAt) {
        this.jti = jti;
        this.expiresAt = expiresAt;
    }
}
