package dev.hearth.atlassian;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.PluginContext;
import dev.hearth.api.SettingDefinition;
import dev.hearth.api.SettingType;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.connect.HttpClients;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.endpoints.PluginEndpoint;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.WebhookReceiver;
import dev.hearth.api.search.SearchProvider;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Atlassian Cloud (Jira and Confluence): users connect their Atlassian account with OAuth 2.0 (3LO) through the
 * administrator's app in Atlassian's developer console, and get their open Jira issues across every site of the grant
 * as a widget, search over Jira issues and Confluence pages, and notifications for issues assigned to or updated for
 * them (polled, and live by Jira's dynamic webhooks where the administrator turns them on).
 */
public final class AtlassianPlugin implements HearthPlugin {

    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String SCOPES = "scopes";
    static final String AUTH_URL = "authUrl";
    static final String API_URL = "apiUrl";
    static final String WEBHOOKS = "webhooks";
    static final String POLL_SECONDS = "pollSeconds";
    static final String MESSAGES = "dev/hearth/atlassian/messages";

    static final String DEFAULT_SCOPES =
            "read:jira-user read:jira-work read:confluence-content.all search:confluence read:me offline_access";
    /** Atlassian's refresh token rules: 90 days unused, 365 days from consent however often used. */
    static final Duration REFRESH_IDLE = Duration.ofDays(90);

    static final Duration REFRESH_LIFETIME = Duration.ofDays(365);

    private volatile PluginContext context;

    @Override
    public String id() {
        return "atlassian";
    }

    @Override
    public String name() {
        return "Atlassian";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.of(CLIENT_ID, "OAuth 2.0 client ID", SettingType.STRING)
                        .withHelp("From your app in Atlassian's developer console (developer.atlassian.com → Developer"
                                + " console → your OAuth 2.0 integration → Settings). Its callback URL is Hearth's"
                                + " redirect URI, shown below."),
                SettingDefinition.secret(CLIENT_SECRET, "OAuth 2.0 client secret"),
                SettingDefinition.of(SCOPES, "Scopes", SettingType.STRING)
                        .withDefault(DEFAULT_SCOPES)
                        .withHelp("Space-separated; the same the app has under Permissions. Add manage:jira-webhook"
                                + " for live notifications. offline_access keeps users connected."),
                SettingDefinition.of(AUTH_URL, "Authorization server", SettingType.URL)
                        .withDefault("https://auth.atlassian.com")
                        .withHelp("Atlassian's; change it only to point Hearth at another server (a test server)."),
                SettingDefinition.of(API_URL, "API gateway", SettingType.URL)
                        .withDefault("https://api.atlassian.com")
                        .withHelp("Atlassian's; change it only to point Hearth at another server (a test server)."),
                SettingDefinition.of(WEBHOOKS, "Live Jira notifications (webhooks)", SettingType.BOOLEAN)
                        .withDefault("false")
                        .withHelp("Jira pushes changes to Hearth at once. Needs HEARTH_PUBLIC_URL reachable from"
                                + " Atlassian over HTTPS and the scope manage:jira-webhook; polling stays on."),
                SettingDefinition.of(POLL_SECONDS, "Notification check interval (seconds)", SettingType.INTEGER)
                        .withDefault("60")
                        .withHelp("How often Hearth asks Jira for each connected user's updates."));
    }

    @Override
    public Optional<String> messages() {
        return Optional.of(MESSAGES);
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public void stop() {
        this.context = null;
    }

    @Override
    public List<AuthFlow> authFlows() {
        return oauth().<List<AuthFlow>>map(List::of).orElse(List.of());
    }

    /**
     * OAuth 2.0 (3LO): {@code audience=api.atlassian.com} and {@code prompt=consent} on the authorization request,
     * JSON bodies at the token endpoint, a confidential client without PKCE (which 3LO does not offer), rotating
     * refresh tokens with Atlassian's limits. Atlassian has no revocation endpoint: a user revokes the app in their
     * Atlassian account settings.
     */
    Optional<OAuth2Flow> oauth() {
        PluginContext plugin = context;
        if (plugin == null) {
            return Optional.empty();
        }
        Optional<String> clientId = plugin.settings().get(CLIENT_ID);
        Optional<String> secret = plugin.settings().get(CLIENT_SECRET);
        if (clientId.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        URI auth = URI.create(plugin.settings().get(AUTH_URL).orElse("https://auth.atlassian.com"));
        URI api = URI.create(plugin.settings().get(API_URL).orElse("https://api.atlassian.com"));
        return Optional.of(OAuth2Flow.builder(
                        "flow.oauth2",
                        api,
                        Site.under(auth, "/authorize"),
                        Site.under(auth, "/oauth/token"),
                        clientId.get(),
                        AtlassianPlugin::identity)
                .clientSecret(secret.get())
                .pkce(false)
                .scopes(Arrays.stream(plugin.settings()
                                .get(SCOPES)
                                .orElse(DEFAULT_SCOPES)
                                .split("\\s+"))
                        .filter(s -> !s.isBlank())
                        .toList())
                .authorizeParameter("audience", "api.atlassian.com")
                .authorizeParameter("prompt", "consent")
                .jsonTokenRequests()
                .refreshTokenLimits(REFRESH_IDLE, REFRESH_LIFETIME)
                .build());
    }

    /** "Connected as <name>": the Atlassian account behind the token ({@code GET /me}, scope {@code read:me}). */
    static AccountIdentity identity(URI api, HttpClients http) {
        JsonObject me = Bodies.object(http.create(Gateway.class, api).me(), "/me");
        String id = Bodies.text(me, "account_id");
        if (id == null || id.isBlank()) {
            throw Bodies.notAtlassian("/me", "no account_id");
        }
        String name = Optional.ofNullable(Bodies.text(me, "name"))
                .filter(n -> !n.isBlank())
                .or(() -> Optional.ofNullable(Bodies.text(me, "nickname")))
                .or(() -> Optional.ofNullable(Bodies.text(me, "email")))
                .orElse(id);
        return new AccountIdentity(id, name);
    }

    private Clock clock() {
        PluginContext plugin = context;
        return plugin == null ? Clock.systemUTC() : plugin.clock();
    }

    private boolean webhooksOn() {
        PluginContext plugin = context;
        return plugin != null
                && Boolean.parseBoolean(plugin.settings().get(WEBHOOKS).orElse("false"));
    }

    private Duration pollInterval() {
        PluginContext plugin = context;
        try {
            return Duration.ofSeconds(Long.parseLong(
                    plugin == null ? "60" : plugin.settings().get(POLL_SECONDS).orElse("60")));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(60);
        }
    }

    private final JiraWebhooks webhooks = new JiraWebhooks(() -> context, this::webhooksOn);

    @Override
    public List<DashboardWidget> widgets() {
        return List.of(new JiraWidget(this::clock));
    }

    @Override
    public List<SearchProvider> searchProviders() {
        return List.of(new JiraSearch(this::clock), new ConfluenceSearch(this::clock));
    }

    @Override
    public List<NotificationSource> notificationSources() {
        return List.of(new JiraNotifications(this::clock, this::pollInterval, webhooks));
    }

    @Override
    public List<WebhookReceiver> webhookReceivers() {
        return List.of(webhooks);
    }

    @Override
    public List<PluginEndpoint> endpoints() {
        return List.of(new SitesEndpoint(this::clock));
    }
}
