package dev.hearth.connections;

import dev.hearth.plugin.SettingDefinition;
import dev.hearth.plugin.connect.AccountIdentity;
import dev.hearth.plugin.connect.AuthFlow;
import dev.hearth.plugin.connect.Credential;
import dev.hearth.plugin.connect.TokenFlow;
import dev.hearth.plugin.connect.UpstreamException;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.plugins.PluginSettingsStore;
import dev.hearth.problems.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Connecting, listing and disconnecting a user's accounts on the plugins' upstreams. The upstream is asked
 * before anything is stored; its answers become the user's errors: refused credential, unreachable server,
 * forbidden address.
 */
@ApplicationScoped
public class Connections {

    private static final Logger LOGGER = Logger.getLogger(Connections.class.getName());

    @Inject
    PluginRegistry plugins;

    @Inject
    PluginSettingsStore settings;

    @Inject
    ConnectionStore store;

    @Inject
    UpstreamHttp http;

    /** One entry per running plugin that offers a way to connect. */
    public List<ConnectionView> list(long accountId) {
        Map<String, UserConnection> mine = store.ofAccount(accountId).stream()
                .collect(Collectors.toMap(c -> c.pluginId, Function.identity()));
        List<ConnectionView> views = new ArrayList<>();
        for (LoadedPlugin plugin : plugins.running()) {
            List<AuthFlow> flows = flows(plugin);
            if (flows.isEmpty()) {
                continue;
            }
            UserConnection c = mine.get(plugin.id());
            List<ConnectionView.FlowView> flowViews = flows.stream().map(f -> new ConnectionView.FlowView(f.type(),
                    f.label(), f instanceof TokenFlow t && t.userGivesInstanceUrl())).toList();
            views.add(c == null
                    ? new ConnectionView(plugin.id(), plugin.name(), "not_connected", null, null, null, flowViews)
                    : new ConnectionView(plugin.id(), plugin.name(), c.status, c.displayName, c.instanceUrl,
                            c.createdAt, flowViews));
        }
        return views;
    }

    /** Runs the requested flow; for the token flow, that connects at once. */
    public ConnectionView connect(long accountId, String pluginId, ConnectRequest request) {
        LoadedPlugin plugin = plugins.running(pluginId).orElseThrow(() -> ApiException.notFound("plugin_not_found",
                "There is no running plugin with id '" + pluginId + "'."));
        AuthFlow flow = flows(plugin).stream().filter(f -> f.type().equals(request.flow)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("flow_not_offered", "Plugin '" + pluginId
                        + "' offers no flow '" + request.flow + "'."));
        if (flow instanceof TokenFlow tokenFlow) {
            connectWithToken(accountId, plugin, tokenFlow, request);
        } else {
            throw ApiException.badRequest("flow_not_offered", "Flow '" + flow.type() + "' is not supported yet.");
        }
        return list(accountId).stream().filter(v -> v.pluginId().equals(pluginId)).findFirst().orElseThrow();
    }

    private void connectWithToken(long accountId, LoadedPlugin plugin, TokenFlow flow, ConnectRequest request) {
        if (request.token == null || request.token.isBlank()) {
            throw ApiException.badRequest("validation_failed", "token: paste the personal access token");
        }
        URI instance = flow.userGivesInstanceUrl() ? userUrl(request.instanceUrl) : configuredUrl(plugin);
        Credential credential = flow.credential().apply(request.token.strip());
        AccountIdentity identity = ask(plugin, () -> {
            http.guard().check(instance); // before the plugin sends anything
            return flow.verifier().verify(instance, http.clients(credential));
        });
        store.save(accountId, plugin.id(), flow.type(), instance, identity, credential);
        LOGGER.info("User " + accountId + " connected " + plugin.id() + " at " + instance + " as " + identity.displayName());
    }

    /** A user's connections, for one request that serves them through plugins. */
    public UserConnections of(long accountId, String username, java.util.Locale locale) {
        return new UserConnections(accountId, username, locale, store, http);
    }

    public void disconnect(long accountId, String pluginId) {
        store.delete(accountId, pluginId);
    }

    public List<AdminConnectionView> all() {
        return store.all().stream().map(AdminConnectionView::of).toList();
    }

    public void remove(long id) {
        store.delete(id);
    }

    /** Calls plugin code that talks to the upstream, and turns its failures into the user's answer. */
    private static <T> T ask(LoadedPlugin plugin, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (UpstreamException e) {
            throw switch (e.kind()) {
                case UNAUTHORIZED -> new ApiException(400, "credential_rejected",
                        "The upstream server refused the credential: " + e.getMessage());
                case NOT_ALLOWED -> new ApiException(400, "url_not_allowed", e.getMessage());
                case UNAVAILABLE -> new ApiException(502, "upstream_unreachable", e.getMessage());
                case BAD_RESPONSE -> new ApiException(502, "upstream_error", e.getMessage());
            };
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Plugin " + plugin.id() + " failed while connecting an account", e);
            throw new ApiException(502, "upstream_error", "The " + plugin.name() + " plugin failed: "
                    + e.getClass().getSimpleName());
        }
    }

    private URI configuredUrl(LoadedPlugin plugin) {
        Optional<SettingDefinition> url = plugin.settings().stream().filter(d -> d.name().equals("url")).findFirst();
        return url.flatMap(d -> settings.value(plugin.id(), d)).map(URI::create).orElseThrow(() -> ApiException.conflict(
                "plugin_not_configured", "An administrator has to set the server URL of " + plugin.name() + " first."));
    }

    private static URI userUrl(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("validation_failed", "instanceUrl: name the server, for example https://example.com");
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new URISyntaxException(text, "not absolute");
            }
            String s = uri.toString();
            return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url_not_allowed", "instanceUrl must be an absolute http or https URL.");
        }
    }

    private static List<AuthFlow> flows(LoadedPlugin plugin) {
        try {
            return List.copyOf(plugin.plugin().authFlows());
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Plugin " + plugin.id() + " failed to list its auth flows", e);
            return List.of();
        }
    }
}
