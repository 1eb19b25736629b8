package dev.hearth.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** An application that uses Hearth as its OAuth 2.0 / OpenID Connect provider. */
@Entity
@Table(name = "oauth_client")
public class OAuthClient {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "client_id", nullable = false, unique = true)
    String clientId;

    @Column(nullable = false)
    String name;

    /** The exact redirect URIs, one per line. */
    @Column(name = "redirect_uris", nullable = false)
    String redirectUris;

    /** Confidential clients authenticate with their secret; public ones (apps in a browser or on a device) cannot. */
    @Column(nullable = false)
    boolean confidential;

    /** SHA-256 of a confidential client's secret. */
    @Column(name = "secret_hash")
    String secretHash;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    List<String> redirects() {
        return redirectUris.lines().toList();
    }
}
