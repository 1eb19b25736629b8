package dev.hearth.connections;

import dev.hearth.plugin.connect.ConnectedAccount;
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
    private final Map<String, UserConnection> byPlugin;
    private final ConnectionStore store;
    private final UpstreamHttp http;

    UserConnections(long userId, String username, Locale locale, ConnectionStore store, UpstreamHttp http) {
        this.userId = userId;
        this.username = username;
        this.locale = locale;
        this.store = store;
        this.http = http;
        this.byPlugin = store.ofAccount(userId).stream().collect(Collectors.toMap(c -> c.pluginId, Function.identity()));
    }

    /** {@code connected}, {@code expired} or {@code not_connected}. */
    public String status(String pluginId) {
        UserConnection c = byPlugin.get(pluginId);
        return c == null ? "not_connected" : c.status;
    }

    /** The context for a plugin serving this user, with the decrypted connection when there is one. */
    public HostUserContext contextFor(String pluginId) {
        UserConnection c = byPlugin.get(pluginId);
        Optional<ConnectedAccount> account = c == null ? Optional.empty() : Optional.of(store.account(c));
        return new HostUserContext(userId, username, locale, account,
                http.clients(account.map(ConnectedAccount::credential).orElse(null)));
    }

    /** The upstream refused this user's credential for the plugin. */
    public void expire(String pluginId) {
        store.markExpired(userId, pluginId);
    }
}
