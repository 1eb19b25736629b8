package dev.hearth.connections;

import dev.hearth.api.PluginStore;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.HttpClients;
import dev.hearth.plugins.LoadedPlugin;
import java.util.Locale;
import java.util.Optional;

/** The user a plugin serves in one call, and that plugin (for its messages) while it runs. */
public record HostUserContext(
        long userId,
        String username,
        Locale locale,
        Optional<ConnectedAccount> connection,
        HttpClients http,
        PluginStore store,
        Optional<LoadedPlugin> plugin)
        implements UserContext {

    @Override
    public String message(String key, Object... arguments) {
        return plugin.map(p -> p.message(key, locale, arguments)).orElse(key);
    }
}
