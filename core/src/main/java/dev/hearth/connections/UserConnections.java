package dev.hearth.connections;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginDataStore;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A user's connections as one request needs them: read once, decrypted only for the plugin that serves the user.
 */
public final class UserConnections {

    private final long userId;
    private final String username;
    private final Locale locale;
    /** The user's connections, read when first needed (a cached dashboard needs only their statuses). */
    private Map<String, UserConnection> byPlugin;

    private final ConnectionStore store;
    private final UpstreamHttp http;
    private final TokenRefresher refresher;
    private final Function<String, Optional<LoadedPlugin>> running;
    private final PluginDataStore data;

    UserConnections(
            long userId,
            String username,
            Locale locale,
            ConnectionStore store,
            UpstreamHttp http,
            TokenRefresher refresher,
            Function<String, Optional<LoadedPlugin>> running,
            PluginDataStore data) {
        this.userId = userId;
        this.username = username;
        this.locale = locale;
        this.store = store;
        this.http = http;
        this.refresher = refresher;
        this.running = running;
        this.data = data;
    }

    private synchronized Map<String, UserConnection> byPlugin() {
        if (byPlugin == null) {
            byPlugin = store.ofAccount(userId).stream().collect(Collectors.toMap(c -> c.pluginId, Function.identity()));
        }
        return byPlugin;
    }

    /** {@code connected}, {@code expired} or {@code not_connected}. */
    public String status(String pluginId) {
        return store.statuses(userId).getOrDefault(pluginId, "not_connected");
    }

    /**
     * The context for a plugin serving this user, with the decrypted connection when there is one; an OAuth
     * access token that expires within 30 seconds is refreshed first.
     *
     * @throws dev.hearth.api.connect.UpstreamException UNAUTHORIZED when the refresh is refused
     */
    public HostUserContext contextFor(String pluginId) {
        UserConnection c = byPlugin().get(pluginId);
        Optional<ConnectedAccount> account = c == null ? Optional.empty() : Optional.of(fresh(c, store.account(c)));
        return new HostUserContext(
                userId,
                username,
                locale,
                account,
                http.of(pluginId)
                        .clients(
                                account.map(ConnectedAccount::credential).orElse(null),
                                account.map(ConnectedAccount::instanceUrl).orElse(null)),
                data.of(pluginId, userId),
                running.apply(pluginId));
    }

    private ConnectedAccount fresh(UserConnection c, ConnectedAccount account) {
        if (account.credential() instanceof Credential.OAuth2 oauth
                && oauth.expiresAt() != null
                && oauth.expiresAt().isBefore(Instant.now().plusSeconds(30))) {
            Optional<OAuth2Flow> flow = running.apply(c.pluginId).flatMap(Connections::oauthFlow);
            if (flow.isPresent() && !Connections.sameInstance(flow.get(), c.instanceUrl)) {
                throw new UpstreamException(
                        UpstreamException.Kind.UNAUTHORIZED,
                        "The plugin is now set up for another server; connect again.");
            }
            if (flow.isPresent()) {
                return new ConnectedAccount(
                        account.instanceUrl(),
                        account.account(),
                        refresher.refresh(c, flow.get(), oauth.accessToken()));
            }
        }
        return account;
    }

    /**
     * The upstream refused an OAuth access token before Hearth thought it expired (revoked, or the clocks disagree):
     * the access is refreshed (once for all concurrent callers; nothing is asked upstream when a refresh elsewhere
     * replaced the token meanwhile), so that the call can be made again. A refused refresh expires the connection
     * with its reason and is thrown.
     *
     * @return whether there is a new token to try; false for a credential that cannot be refreshed
     */
    public boolean refreshAfterRefusal(String pluginId, UserContext refused) {
        UserConnection c = byPlugin().get(pluginId);
        Credential used = refused.connection().map(ConnectedAccount::credential).orElse(null);
        if (c == null || !(used instanceof Credential.OAuth2 oauth) || oauth.refreshToken() == null) {
            return false;
        }
        Optional<OAuth2Flow> flow = running.apply(pluginId).flatMap(Connections::oauthFlow);
        if (flow.isEmpty() || !Connections.sameInstance(flow.get(), c.instanceUrl)) {
            return false;
        }
        refresher.refresh(c, flow.get(), oauth.accessToken());
        return true;
    }

    /**
     * The upstream refused the credential a context of this user presented: the connection expires, and this answers
     * true; false when that was an OAuth access token replaced by a refresh since (then try again with a fresh
     * context).
     *
     * @param refused the context whose credential was refused, or {@code null} (then it expires)
     */
    public boolean expire(String pluginId, UserContext refused) {
        Credential used = refused == null
                ? null
                : refused.connection().map(ConnectedAccount::credential).orElse(null);
        return store.markExpired(userId, pluginId, used);
    }
}
