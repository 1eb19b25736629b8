package dev.hearth.connections;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.HttpClients;
import java.util.Locale;
import java.util.Optional;

/** The user a plugin serves in one call. */
public record HostUserContext(long userId, String username, Locale locale, Optional<ConnectedAccount> connection,
        HttpClients http) implements UserContext {
}
