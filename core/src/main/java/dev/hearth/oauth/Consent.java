package dev.hearth.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The scopes a user agreed to give a client: the consent page asks again only for more. */
@Entity
@Table(name = "oauth_consent")
@IdClass(Consent.Key.class)
public class Consent {

    @Id
    @Column(name = "account_id")
    long accountId;

    /** The client's row id. */
    @Id
    @Column(name = "client_id")
    long clientRow;

    /** Space-separated. */
    @Column(nullable = false)
    String scopes;

    @Column(name = "granted_at", nullable = false)
    Instant grantedAt;

    /** The primary key: user and client. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        long accountId;
        long clientRow;

        public Key() {}

        Key(long accountId, long clientRow) {
            this.accountId = accountId;
            this.clientRow = clientRow;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.accountId == accountId && key.clientRow == clientRow;
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, clientRow);
        }
    }
}
