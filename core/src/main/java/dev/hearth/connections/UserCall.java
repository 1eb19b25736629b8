package dev.hearth.connections;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.metrics.HearthMetrics;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.problems.ApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls plugin code on behalf of one user (a widget load, a search) and turns what happens into a status:
 * {@code ok}; {@code not_connected} or {@code expired} without calling at all; {@code expired} when the upstream
 * refuses the credential (the connection is marked so); {@code error} for anything else, logged, never with
 * internals in the user's message.
 */
public final class UserCall {

    private static final Logger LOGGER = Logger.getLogger(UserCall.class.getName());

    /** What came of a call: a value when {@code ok}, else a status and a message for the user. */
    public record Outcome<T>(T value, String status, String message) {
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    private UserCall() {}

    /** Why a call must not be made for this user, if it must not. */
    public static <T> Optional<Outcome<T>> blocked(UserConnections mine, LoadedPlugin plugin, boolean needsConnection) {
        if (!needsConnection) {
            return Optional.empty();
        }
        return switch (mine.status(plugin.id())) {
            case "not_connected" -> Optional.of(
                    new Outcome<>(null, "not_connected", "Connect your " + plugin.name() + " account to see this."));
            case "expired" -> Optional.of(
                    new Outcome<>(null, "expired", "Your " + plugin.name() + " connection has expired. Reconnect it."));
            default -> Optional.empty();
        };
    }

    /**
     * The API's answer when a plugin's upstream could not be reached ({@code 502 upstream_unreachable}) or answered
     * badly ({@code 502 upstream_error}); the same wherever the API calls a plugin for the user.
     */
    public static ApiException badGateway(LoadedPlugin plugin, UpstreamException e) {
        return new ApiException(
                502,
                e.kind() == UpstreamException.Kind.UNAVAILABLE ? "upstream_unreachable" : "upstream_error",
                plugin.name() + ": " + e.getMessage());
    }

    /**
     * Calls the plugin with this user's context. A refused OAuth access token is refreshed (unless a concurrent
     * refresh replaced it meanwhile: rotating refresh tokens retire the old pair once the new one is used) and the
     * call made once more with the new one; a refused refresh, another refused credential, or a second refusal
     * expires the connection, and the refusal is thrown on.
     */
    public static <T> T withCurrentCredential(UserConnections mine, String pluginId, Function<UserContext, T> call) {
        UserContext context = contextOrExpire(mine, pluginId);
        try {
            return call.apply(context);
        } catch (UpstreamException e) {
            if (e.kind() != UpstreamException.Kind.UNAUTHORIZED) {
                throw e;
            }
            boolean renewed;
            try {
                renewed = mine.refreshAfterRefusal(pluginId, context);
            } catch (UpstreamException refresh) {
                if (refresh.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                    mine.expire(pluginId, null); // expired already, with the refused refresh's reason
                }
                throw refresh;
            }
            if (!renewed && mine.expire(pluginId, context)) {
                throw e;
            }
        }
        UserContext renewed = contextOrExpire(mine, pluginId);
        try {
            return call.apply(renewed);
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                mine.expire(pluginId, renewed);
            }
            throw e;
        }
    }

    /** The user's context; a refresh token the upstream refuses expires the connection. */
    private static UserContext contextOrExpire(UserConnections mine, String pluginId) {
        try {
            return mine.contextFor(pluginId);
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                mine.expire(pluginId, null);
            }
            throw e;
        }
    }

    /**
     * Calls a plugin's contribution ({@code kind} and {@code id}, as {@link HearthMetrics#call} counts them) for the
     * user, with {@link #withCurrentCredential}, and answers how it went.
     */
    public static <T> Outcome<T> run(
            HearthMetrics metrics,
            UserConnections mine,
            LoadedPlugin plugin,
            String kind,
            String id,
            Function<UserContext, T> call) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            T value = withCurrentCredential(mine, plugin.id(), call);
            if (value == null) {
                throw new IllegalStateException(kind + " " + id + " answered null");
            }
            outcome = "ok";
            return new Outcome<>(value, "ok", null);
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                outcome = "expired";
                return new Outcome<>(null, "expired", plugin.name() + " refused your connection. Reconnect it.");
            }
            outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            return new Outcome<>(null, "error", e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, kind + " " + id + " of plugin " + plugin.id() + " failed", e);
            return new Outcome<>(null, "error", plugin.name() + " failed to answer.");
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.call(plugin.id(), kind, id, outcome, took);
            if (took.toMillis() > 1000) {
                LOGGER.warning(kind + " " + id + " of plugin " + plugin.id() + " took " + took.toMillis() + " ms");
            }
        }
    }
}
