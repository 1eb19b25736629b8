package dev.hearth.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key pair that signs JWTs; the public half verifies them, and is published as a JWKS at {@code /oauth2/jwks}. */
@Entity
@Table(name = "signing_key")
@NamedQuery(name = SigningKey.ALL_OLDEST_FIRST, query = "select k from SigningKey k order by k.createdAt, k.kid")
public class SigningKey {

    static final String ALL_OLDEST_FIRST = "SigningKey.allOldestFirst";

    @Id
    String kid;

    @Column(nullable = false)
    String algorithm;

    /** X.509 SubjectPublicKeyInfo, base64. */
    @Column(name = "public_key", nullable = false)
    String publicKey;

    /** PKCS#8, base64, encrypted with {@link Secrets} (context {@code signing-key:<kid>}). */
    @Column(name = "private_key", nullable = false)
    String privateKey;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
