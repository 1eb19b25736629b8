package dev.hearth.connections;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's connection to one plugin's upstream; {@code credential} is encrypted. */
@Entity
@Table(name = "connection")
@NamedQuery(
        name = UserConnection.OF_ACCOUNT,
        query = "select c from UserConnection c where c.accountId = :account order by c.pluginId")
@NamedQuery(
        name = UserConnection.OF_ACCOUNT_AND_PLUGIN,
        query = "select c from UserConnection c where c.accountId = :account and c.pluginId = :plugin")
@NamedQuery(name = UserConnection.ALL, query = "select c from UserConnection c order by c.accountId, c.pluginId")
public class UserConnection {

    static final String OF_ACCOUNT = "UserConnection.ofAccount";
    static final String OF_ACCOUNT_AND_PLUGIN = "UserConnection.ofAccountAndPlugin";
    static final String ALL = "UserConnection.all";

    /** The states of a connection. */
    static final String CONNECTED = "connected";

    static final String EXPIRED = "expired";

    /** Why a connection expired: the codes of {@code status_reason}, which the web UI puts into words. */
    static final String REFRESH_UNUSED = "refresh_unused";

    static final String REFRESH_LIFETIME = "refresh_lifetime";
    static final String REFRESH_REFUSED = "refresh_refused";
    static final String CREDENTIAL_REFUSED = "credential_refused";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "account_id", nullable = false)
    long accountId;

    @Column(name = "plugin_id", nullable = false)
    String pluginId;

    @Column(nullable = false)
    String flow;

    @Column(nullable = false)
    String status;

    @Column(name = "instance_url", nullable = false)
    String instanceUrl;

    @Column(name = "external_id", nullable = false)
    String externalId;

    @Column(name = "display_name", nullable = false)
    String displayName;

    @Column(nullable = false)
    String credential;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    /** The user's latest consent (connect or reconnect): where an upstream's grant lifetime starts. */
    @Column(name = "granted_at", nullable = false)
    Instant grantedAt;

    /** The latest refresh of an OAuth access token, or null before the first. */
    @Column(name = "refreshed_at")
    Instant refreshedAt;

    /** Why the connection expired (one of the codes above), or null. */
    @Column(name = "status_reason")
    String statusReason;

    /** What the upstream said when it refused, or null. */
    @Column(name = "status_detail")
    String statusDetail;
}
