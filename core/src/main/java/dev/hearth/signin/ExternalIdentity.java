package dev.hearth.signin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Who a user is at an external OpenID Connect provider: its issuer and their subject there. */
@Entity
@Table(name = "external_identity")
@IdClass(ExternalIdentity.Key.class)
public class ExternalIdentity {

    @Id
    @Column(nullable = false)
    String issuer;

    @Id
    @Column(nullable = false)
    String subject;

    @Column(name = "account_id", nullable = false)
    long accountId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "last_sign_in_at", nullable = false)
    Instant lastSignInAt;

    /** The primary key: issuer and subject. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String issuer;
        String subject;

        public Key() {}

        Key(String issuer, String subject) {
            this.issuer = issuer;
            this.subject = subject;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.issuer.equals(issuer) && key.subject.equals(subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(issuer, subject);
        }
    }
}
