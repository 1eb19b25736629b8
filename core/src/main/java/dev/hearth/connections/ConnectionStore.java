package dev.hearth.connections;

import dev.hearth.BriefMemory;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.Credential;
import dev.hearth.notifications.NotificationStore;
import dev.hearth.plugins.PluginDataStore;
import dev.hearth.problems.ApiException;
import dev.hearth.security.Secrets;
import dev.hearth.security.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The connections in the database. Upstream calls happen outside, never inside a transaction. */
@ApplicationScoped
@Transactional
public class ConnectionStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    NotificationStore notifications;

    @Inject
    Secrets secrets;

    @Inject
    Event<ConnectionChanged> changes;

    @Inject
    PluginDataStore data;

    /**
     * The status of each of the user's connections by plugin, read lately or now: every dashboard, search and plugin
     * endpoint request asks it. Remembered like sessions ({@link Sessions#RECHECK} seconds), and forgotten once a
     * change of any connection on this instance is committed ({@link ConnectionChanged}).
     */
    public Map<String, String> statuses(long accountId) {
        return statuses.get(accountId, () -> ofAccount(accountId).stream()
                .collect(Collectors.toUnmodifiableMap(c -> c.pluginId, c -> c.status)));
    }

    private final BriefMemory<Long, Map<String, String>> statuses =
            new BriefMemory<>(Duration.ofSeconds(Sessions.RECHECK), 100_000);

    void forgetStatuses(@Observes(during = TransactionPhase.AFTER_COMPLETION) ConnectionChanged change) {
        statuses.forgetAll();
    }

    public List<UserConnection> ofAccount(long accountId) {
        return em.createNamedQuery(UserConnection.OF_ACCOUNT, UserConnection.class)
                .setParameter("account", accountId)
                .getResultList();
    }

    public Optional<UserConnection> find(long accountId, String pluginId) {
        return em.createNamedQuery(UserConnection.OF_ACCOUNT_AND_PLUGIN, UserConnection.class)
                .setParameter("account", accountId)
                .setParameter("plugin", pluginId)
                .getResultStream()
                .findFirst();
    }

    /** Whether the user has a working connection to the plugin (not expired). */
    public boolean isConnected(long accountId, String pluginId) {
        return find(accountId, pluginId)
                .map(c -> UserConnection.CONNECTED.equals(c.status))
                .orElse(false);
    }

    public List<UserConnection> all() {
        return em.createNamedQuery(UserConnection.ALL, UserConnection.class).getResultList();
    }

    /**
     * Stores a verified connection, replacing an earlier one to the same plugin.
     *
     * @param tokenUrl for OAuth, the token endpoint that issued the credential, where its refresh token may go
     */
    public UserConnection save(
            long accountId,
            String pluginId,
            String flow,
            URI instanceUrl,
            AccountIdentity identity,
            Credential credential,
            URI tokenUrl) {
        UserConnection connection = find(accountId, pluginId).orElseGet(UserConnection::new);
        Instant now = Instant.now();
        if (connection.id == null) {
            connection.accountId = accountId;
            connection.pluginId = pluginId;
            connection.createdAt = now;
            em.persist(connection);
        } else if (!instanceUrl.toString().equals(connection.instanceUrl)
                || !identity.id().equals(connection.externalId)) {
            data.forget(accountId, pluginId); // what the plugin kept belongs to the other account
            notifications.forget(accountId, pluginId);
        }
        connection.flow = flow;
        connection.status = UserConnection.CONNECTED;
        connection.statusReason = null;
        connection.statusDetail = null;
        connection.grantedAt = now;
        connection.refreshedAt = null;
        connection.instanceUrl = instanceUrl.toString();
        connection.externalId = identity.id();
        connection.displayName = identity.displayName();
        connection.credential =
                Credentials.seal(secrets, credential, accountId, pluginId, connection.instanceUrl, tokenUrl);
        connection.updatedAt = now;
        changes.fire(new ConnectionChanged(accountId, pluginId));
        return connection;
    }

    /**
     * The upstream refused a credential of this connection: the user has to connect again, unless the refused one was
     * an OAuth access token that a refresh elsewhere has replaced since (rotating refresh tokens retire the old pair
     * when the new one is first used, so a request still holding it is refused). Answers whether it expired.
     *
     * @param refused the credential the upstream refused, or {@code null} when that is not known
     */
    public boolean markExpired(long accountId, String pluginId, Credential refused) {
        return find(accountId, pluginId)
                .map(c -> {
                    if (refused != null && replaced(refused, account(c).credential())) {
                        return false;
                    }
                    if (UserConnection.EXPIRED.equals(c.status)) {
                        return true; // expired already (a refused refresh, say): its reason stands
                    }
                    c.status = UserConnection.EXPIRED;
                    c.statusReason = UserConnection.CREDENTIAL_REFUSED;
                    c.statusDetail = null;
                    c.updatedAt = Instant.now();
                    changes.fire(new ConnectionChanged(accountId, pluginId));
                    return true;
                })
                .orElse(false);
    }

    /**
     * Whether the credential a request presented is no longer the connection's: refreshed since (an OAuth access token),
     * or replaced by connecting again (an app password a poll still held when the new one was stored).
     */
    private static boolean replaced(Credential refused, Credential now) {
        if (refused instanceof Credential.OAuth2 old && now instanceof Credential.OAuth2 current) {
            return !current.accessToken().equals(old.accessToken());
        }
        return !refused.equals(now);
    }

    /** The decrypted credential and identity of a connection, for the plugin serving its user. */
    public ConnectedAccount account(UserConnection c) {
        return new ConnectedAccount(
                URI.create(c.instanceUrl),
                new AccountIdentity(c.externalId, c.displayName),
                Credentials.open(secrets, c.credential, c.accountId, c.pluginId, c.instanceUrl)
                        .credential());
    }

    public void delete(long accountId, String pluginId) {
        UserConnection connection = find(accountId, pluginId)
                .orElseThrow(
                        () -> ApiException.notFound("not_connected", "You have no connection to '" + pluginId + "'."));
        forget(connection);
    }

    public UserConnection byId(long id) {
        UserConnection connection = em.find(UserConnection.class, id);
        if (connection == null) {
            throw ApiException.notFound("connection_not_found", "There is no connection with id " + id + ".");
        }
        return connection;
    }

    public void delete(long id) {
        UserConnection connection = byId(id);
        forget(connection);
    }

    /** Removes a connection and what the plugin kept for its user, in one transaction. */
    private void forget(UserConnection connection) {
        em.remove(connection);
        data.forget(connection.accountId, connection.pluginId);
        notifications.forget(connection.accountId, connection.pluginId);
        changes.fire(new ConnectionChanged(connection.accountId, connection.pluginId));
    }
}
