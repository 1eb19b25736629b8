package dev.hearth.connections;

import dev.hearth.LogText;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.LoginFlowV2;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.TokenFlow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.plugins.HttpUrls;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginDataStore;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
    ConnectionStore store;

    @Inject
    PluginDataStore data;

    @Inject
    UpstreamHttp http;

    @Inject
    OAuthStates states;

    @Inject
    TokenRefresher refresher;

    @Inject
    LoginFlows logins;

    @Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hearth.public.url")
    Optional<String> publicUrl;

    /** One entry per running plugin that offers a way to connect, with the flows' labels in the reader's language. */
    public List<ConnectionView> list(long accountId, java.util.Locale locale) {
        Map<String, UserConnection> mine =
                store.ofAccount(accountId).stream().collect(Collectors.toMap(c -> c.pluginId, Function.identity()));
        List<ConnectionView> views = new ArrayList<>();
        for (LoadedPlugin plugin : plugins.running()) {
            List<AuthFlow> flows = flows(plugin);
            if (flows.isEmpty()) {
                continue;
            }
            UserConnection c = mine.get(plugin.id());
            List<ConnectionView.FlowView> flowViews = flows.stream()
                    .map(f -> new ConnectionView.FlowView(
                            f.type(),
                            plugin.text(f.label(), locale),
                            f instanceof TokenFlow t && t.userGivesInstanceUrl()
                                    || f instanceof LoginFlowV2 l && l.userGivesInstanceUrl()))
                    .toList();
            views.add(
                    c == null
                            ? new ConnectionView(
                                    plugin.id(),
                                    plugin.name(),
                                    "not_connected",
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    flowViews)
                            : new ConnectionView(
                                    plugin.id(),
                                    plugin.name(),
                                    c.status,
                                    c.displayName,
                                    c.instanceUrl,
                                    c.grantedAt,
                                    c.statusReason,
                                    c.statusDetail,
                                    flowViews));
        }
        return views;
    }

    /**
     * How a flow continues: connected at once; or the URL to send the browser to (OAuth); or a login URL to open
     * and a poll id to poll with (Login Flow v2).
     */
    public record Started(ConnectionView connection, URI authorizeUrl, URI loginUrl, String pollId) {}

    /** Disconnected; and upstream: revoked, not revoked (with why), or nothing to revoke ({@code null}). */
    public record Disconnected(boolean disconnected, Boolean upstreamRevoked, String message) {}

    /**
     * Runs the requested flow: the token flow connects at once; OAuth answers the authorization URL.
     *
     * @param apiBase the base URI the request came to (for the redirect URI, unless HEARTH_PUBLIC_URL says)
     */
    public Started connect(long accountId, String pluginId, ConnectRequest request, URI apiBase) {
        LoadedPlugin plugin = plugins.running(pluginId)
                .orElseThrow(() -> ApiException.notFound(
                        "plugin_not_found", "There is no running plugin with id '" + pluginId + "'."));
        AuthFlow flow = flows(plugin).stream()
                .filter(f -> f.type().equals(request.flow))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest(
                        "flow_not_offered", "Plugin '" + pluginId + "' offers no flow '" + request.flow + "'."));
        if (flow instanceof OAuth2Flow oauth) {
            URI redirect = redirectUri(pluginId, apiBase);
            OAuthStates.Started started = states.start(accountId, pluginId, redirect);
            return new Started(
                    null, OAuth2Client.authorizeUrl(oauth, started.state(), started.verifier(), redirect), null, null);
        }
        if (flow instanceof LoginFlowV2 loginFlow) {
            URI instance = loginFlow.userGivesInstanceUrl()
                    ? userUrl(request.instanceUrl)
                    : configured(plugin, loginFlow.instanceUrl());
            LoginFlowClient.Login login =
                    ask(plugin, () -> http.of(plugin.id()).loginFlow().start(instance));
            return new Started(
                    null,
                    null,
                    login.loginUrl(),
                    logins.create(accountId, pluginId, login.pollEndpoint(), login.pollToken()));
        }
        if (flow instanceof TokenFlow tokenFlow) {
            connectWithToken(accountId, plugin, tokenFlow, request);
        } else {
            throw ApiException.badRequest("flow_not_offered", "Flow '" + flow.type() + "' is not supported yet.");
        }
        return new Started(view(accountId, pluginId), null, null, null);
    }

    /**
     * Polls a Login Flow v2 login: empty while the user has not finished; the connection once they have.
     * 404 for an unknown (or another user's) login, 410 once the upstream's 20 minutes are up.
     */
    public Optional<ConnectionView> poll(long accountId, String pluginId, String pollId) {
        LoginFlows.Pending pending = logins.find(String.valueOf(pollId), accountId, pluginId)
                .orElseThrow(() ->
                        ApiException.notFound("login_not_found", "There is no login under way with this poll id."));
        if (pending.expired()) {
            logins.delete(pollId);
            throw new ApiException(
                    410, "login_expired", "The login took longer than 20 minutes. Start connecting again.");
        }
        LoadedPlugin plugin = plugins.running(pluginId)
                .orElseThrow(() -> ApiException.notFound(
                        "plugin_not_found", "There is no running plugin with id '" + pluginId + "'."));
        LoginFlowV2 flow = flows(plugin).stream()
                .filter(LoginFlowV2.class::isInstance)
                .map(LoginFlowV2.class::cast)
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest(
                        "flow_not_offered", "Plugin '" + pluginId + "' no longer offers Login Flow v2."));
        Optional<LoginFlowClient.Granted> granted =
                ask(plugin, () -> http.of(plugin.id()).loginFlow().poll(pending.endpoint(), pending.token()));
        if (granted.isEmpty()) {
            return Optional.empty();
        }
        logins.delete(pollId);
        URI server =
                URI.create(HttpUrls.withoutTrailingSlash(granted.get().server().toString()));
        Credential credential =
                new Credential.Basic(granted.get().loginName(), granted.get().appPassword());
        ask(plugin, () -> {
            http.of(plugin.id())
                    .guard()
                    .check(server); // never talk to a server Hearth may not reach, not even to revoke
            return server;
        });
        AccountIdentity identity;
        try {
            identity = ask(plugin, () -> flow.verifier()
                    .verify(server, http.of(plugin.id()).clients(credential, server)));
        } catch (RuntimeException notVerified) {
            // Nextcloud has handed out an app password that Hearth will not keep: revoke it rather than leave it live.
            revoked("the unverified login of user " + accountId, "app password", () -> http.of(plugin.id())
                    .loginFlow()
                    .revoke(server, credential));
            throw notVerified;
        }
        retirePrevious(accountId, pluginId);
        store.save(accountId, pluginId, LoginFlowV2.TYPE, server, identity, credential, null);
        LOGGER.info("User " + accountId + " connected " + pluginId + " at " + server + " as "
                + LogText.quoted(identity.displayName()));
        return Optional.of(view(accountId, pluginId));
    }

    /**
     * The end of the OAuth flow, where the upstream sends the browser back. Checks the state (single-use, this
     * user's, this plugin's, not expired: otherwise 400), exchanges the code, reads the identity, stores the
     * tokens; answers where to send the browser: the settings page, saying how it went.
     */
    public URI callback(long accountId, String pluginId, String code, String state, String error, URI apiBase) {
        OAuthStates.Pending pending = states.consume(state, accountId, pluginId)
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_state",
                        "This sign-in link is not valid: it was used already, has expired, or belongs to"
                                + " another user. Start connecting again."));
        URI settings = publicBase(apiBase).resolve("settings/connections");
        if (error != null) {
            return outcome(settings, pluginId, "error", error.replaceAll("[^A-Za-z0-9_.-]", ""));
        }
        Optional<LoadedPlugin> plugin = plugins.running(pluginId);
        Optional<OAuth2Flow> flow = plugin.flatMap(Connections::oauthFlow);
        if (flow.isEmpty() || code == null || code.isBlank()) {
            return outcome(settings, pluginId, "error", flow.isEmpty() ? "plugin_unavailable" : "no_code");
        }
        try {
            Credential.OAuth2 tokens = ask(plugin.get(), () -> http.of(pluginId)
                    .oauth()
                    .exchange(flow.get(), code, pending.redirectUri(), pending.verifier()));
            AccountIdentity identity = ask(plugin.get(), () -> {
                http.of(pluginId).guard().check(flow.get().instanceUrl());
                return flow.get()
                        .verifier()
                        .verify(
                                flow.get().instanceUrl(),
                                http.of(pluginId).clients(tokens, flow.get().instanceUrl()));
            });
            retirePrevious(accountId, pluginId);
            store.save(
                    accountId,
                    pluginId,
                    OAuth2Flow.TYPE,
                    flow.get().instanceUrl(),
                    identity,
                    tokens,
                    flow.get().tokenUrl());
            LOGGER.info("User " + accountId + " connected " + pluginId + " with OAuth as "
                    + LogText.quoted(identity.displayName()));
            return outcome(settings, pluginId, "connected", "1");
        } catch (ApiException e) {
            return outcome(settings, pluginId, "error", e.problem().code());
        }
    }

    private static URI outcome(URI settings, String pluginId, String key, String value) {
        return URI.create(settings + "?plugin=" + pluginId + "&" + key + "=" + value);
    }

    private URI redirectUri(String pluginId, URI apiBase) {
        return publicBase(apiBase).resolve("api/v1/connections/" + pluginId + "/callback");
    }

    /** Hearth's public root URL, ending in a slash: HEARTH_PUBLIC_URL, else what the request came to. */
    private URI publicBase(URI apiBase) {
        String base = publicUrl.orElse(apiBase.resolve("..").toString());
        return URI.create(base.endsWith("/") ? base : base + "/");
    }

    private ConnectionView view(long accountId, String pluginId) {
        return list(accountId, java.util.Locale.ROOT).stream()
                .filter(v -> v.pluginId().equals(pluginId))
                .findFirst()
                .orElseThrow();
    }

    /**
     * Whether the flow still names the instance the user connected to: after the administrator points the plugin at
     * another server, the user's tokens and the client's secret must not go there.
     */
    static boolean sameInstance(OAuth2Flow flow, String instanceUrl) {
        return HttpUrls.same(flow.instanceUrl().toString(), instanceUrl);
    }

    static Optional<OAuth2Flow> oauthFlow(LoadedPlugin plugin) {
        return flows(plugin).stream()
                .filter(OAuth2Flow.class::isInstance)
                .map(OAuth2Flow.class::cast)
                .findFirst();
    }

    private void connectWithToken(long accountId, LoadedPlugin plugin, TokenFlow flow, ConnectRequest request) {
        if (request.token == null || request.token.isBlank()) {
            throw ApiException.badRequest("validation_failed", "token: paste the personal access token");
        }
        URI instance =
                flow.userGivesInstanceUrl() ? userUrl(request.instanceUrl) : configured(plugin, flow.instanceUrl());
        Credential credential = flow.credential().apply(request.token.strip());
        AccountIdentity identity = ask(plugin, () -> {
            http.of(plugin.id()).guard().check(instance); // before the plugin sends anything
            return flow.verifier().verify(instance, http.of(plugin.id()).clients(credential, instance));
        });
        retirePrevious(accountId, plugin.id());
        store.save(accountId, plugin.id(), flow.type(), instance, identity, credential, null);
        LOGGER.info("User " + accountId + " connected " + plugin.id() + " at " + instance + " as "
                + LogText.quoted(identity.displayName()));
    }

    /** A user's connections, for one request that serves them through plugins. */
    public UserConnections of(long accountId, String username, java.util.Locale locale) {
        return new UserConnections(accountId, username, locale, store, http, refresher, plugins::running, data);
    }

    /** Revokes upstream where the flow has a revoke step (best effort), then forgets the credentials. */
    public Disconnected disconnect(long accountId, String pluginId) {
        UserConnection connection = store.find(accountId, pluginId)
                .orElseThrow(
                        () -> ApiException.notFound("not_connected", "You have no connection to '" + pluginId + "'."));
        Disconnected result = revoke(connection);
        store.delete(accountId, pluginId);
        return result;
    }

    private Disconnected revoke(UserConnection connection) {
        if (LoginFlowV2.TYPE.equals(connection.flow)) {
            return revoked("connection " + connection.id, "app password", () -> http.of(connection.pluginId)
                    .loginFlow()
                    .revoke(
                            URI.create(connection.instanceUrl),
                            store.account(connection).credential()));
        }
        Optional<OAuth2Flow> oauth = OAuth2Flow.TYPE.equals(connection.flow)
                ? plugins.running(connection.pluginId).flatMap(Connections::oauthFlow)
                : Optional.empty();
        if (oauth.isPresent()
                && oauth.get().revokeUrl() != null
                && sameInstance(oauth.get(), connection.instanceUrl)
                && store.account(connection).credential() instanceof Credential.OAuth2 tokens) {
            return revoked("connection " + connection.id, "access token", () -> http.of(connection.pluginId)
                    .oauth()
                    .revoke(oauth.get(), tokens));
        }
        return new Disconnected(true, null, null);
    }

    /** Asks the upstream to revoke Hearth's credential (best effort): what it is, and the call that does it. */
    private static Disconnected revoked(String whose, String what, BooleanSupplier revoke) {
        try {
            return revoke.getAsBoolean()
                    ? new Disconnected(true, true, null)
                    : new Disconnected(
                            true,
                            false,
                            "The server did not confirm revoking Hearth's " + what
                                    + "; remove it in its security settings.");
        } catch (RuntimeException e) {
            LOGGER.log(Level.INFO, "Revoking the " + what + " of " + whose + " failed", e);
            return new Disconnected(
                    true,
                    false,
                    "The server could not be reached to revoke Hearth's " + what + ". It was"
                            + " forgotten here; remove it in the server's security settings.");
        }
    }

    /**
     * Before a new credential replaces a user's connection: the old one is revoked upstream where its flow can
     * (best effort), so that reconnecting leaves no app password or grant behind.
     */
    private void retirePrevious(long accountId, String pluginId) {
        store.find(accountId, pluginId).ifPresent(this::revoke);
    }

    /** Before a user is deleted: revokes each of their connections upstream where it can, and removes it. */
    public void removeAll(long accountId) {
        store.ofAccount(accountId).forEach(c -> remove(c.id));
    }

    public List<AdminConnectionView> all() {
        return store.all().stream().map(AdminConnectionView::of).toList();
    }

    public Disconnected remove(long id) {
        Disconnected result = revoke(store.byId(id));
        store.delete(id);
        return result;
    }

    /** Calls plugin code that talks to the upstream, and turns its failures into the user's answer. */
    private static <T> T ask(LoadedPlugin plugin, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (UpstreamException e) {
            throw switch (e.kind()) {
                case UNAUTHORIZED -> new ApiException(400, "credential_rejected", e.getMessage());
                case NOT_ALLOWED -> new ApiException(400, "url_not_allowed", e.getMessage());
                case UNAVAILABLE, BAD_RESPONSE -> UserCall.badGateway(plugin, e);
            };
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Plugin " + plugin.id() + " failed while connecting an account", e);
            throw new ApiException(
                    502,
                    "upstream_error",
                    "The " + plugin.name() + " plugin failed: " + e.getClass().getSimpleName());
        }
    }

    /** The instance a flow names for every user; none yet means the administrator has not configured it. */
    private static URI configured(LoadedPlugin plugin, URI instanceUrl) {
        if (instanceUrl == null) {
            throw ApiException.conflict(
                    "plugin_not_configured",
                    "An administrator has to set the server URL of " + plugin.name() + " first.");
        }
        return instanceUrl;
    }

    private static URI userUrl(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(
                    "validation_failed", "instanceUrl: name the server, for example https://example.com");
        }
        return HttpUrls.parse(text)
                .orElseThrow(() -> ApiException.badRequest(
                        "url_not_allowed",
                        "instanceUrl must be an absolute http or https URL, without credentials, query or fragment."));
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
