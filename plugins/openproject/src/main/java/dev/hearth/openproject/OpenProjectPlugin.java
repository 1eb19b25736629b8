package dev.hearth.openproject;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.PluginContext;
import dev.hearth.api.SettingDefinition;
import dev.hearth.api.SettingType;
import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.TokenFlow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.search.SearchProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenProject: users connect with an API token on any OpenProject they name or, when the administrator registered
 * Hearth as an OAuth application of the organisation's OpenProject, with OAuth2 there; they get the notifications
 * widget, work-package search and notifications that are marked read in OpenProject when read here.
 */
public final class OpenProjectPlugin implements HearthPlugin {

    static final String URL = "url";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String POLL_SECONDS = "pollSeconds";

    private volatile PluginContext context;

    @Override
    public String id() {
        return "openproject";
    }

    @Override
    public String name() {
        return "OpenProject";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.of(URL, "OpenProject URL", SettingType.URL)
                        .withHelp("Your organisation's OpenProject, for example https://openproject.example.com:"
                                + " users can connect to it with OAuth2. Users may always connect to any"
                                + " OpenProject with an API token."),
                SettingDefinition.of(CLIENT_ID, "OAuth2 client ID", SettingType.STRING)
                        .withHelp("Optional. In OpenProject, Administration → Authentication → OAuth applications:"
                                + " add an application with Hearth's redirect URI (shown below), a confidential"
                                + " client with the scope api_v3."),
                SettingDefinition.secret(CLIENT_SECRET, "OAuth2 client secret"),
                SettingDefinition.of(POLL_SECONDS, "Notification check interval (seconds)", SettingType.INTEGER)
                        .withDefault("60")
                        .withHelp("How often Hearth asks OpenProject for each connected user's notifications."));
    }

    @Override
    public Optional<String> messages() {
        return Optional.of("dev/hearth/openproject/messages");
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public List<AuthFlow> authFlows() {
        List<AuthFlow> flows = new ArrayList<>();
        oauth().ifPresent(flows::add);
        // OpenProject takes an API token as HTTP Basic with the user name "apikey" (and as Bearer): Basic works
        // on every version that has API tokens.
        flows.add(TokenFlow.anyInstance(
                "flow.token", token -> new Credential.Basic("apikey", token), OpenProjectPlugin::identity));
        return flows;
    }

    /** OAuth2 with OpenProject's own authorization server (Doorkeeper): PKCE S256, scope api_v3, revocable. */
    private Optional<AuthFlow> oauth() {
        if (context == null) {
            return Optional.empty();
        }
        Optional<URI> instance = context.settings().get(URL).map(URI::create);
        Optional<String> clientId = context.settings().get(CLIENT_ID);
        Optional<String> secret = context.settings().get(CLIENT_SECRET);
        if (instance.isEmpty() || clientId.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(OAuth2Flow.builder(
                        "flow.oauth2",
                        instance.get(),
                        OpenProject.link(instance.get(), "oauth/authorize"),
                        OpenProject.link(instance.get(), "oauth/token"),
                        clientId.get(),
                        OpenProjectPlugin::identity)
                .clientSecret(secret.get())
                .scopes(List.of("api_v3"))
                .revokeUrl(OpenProject.link(instance.get(), "oauth/revoke"))
                .build());
    }

    /** Who the credential belongs to; a token without the {@code api_v3} scope is refused with its reason. */
    private static dev.hearth.api.connect.AccountIdentity identity(
            URI instance, dev.hearth.api.connect.HttpClients http) {
        try {
            return OpenProject.identity(instance, http);
        } catch (UpstreamException e) {
            if (e.status().orElse(0) == 403) {
                throw new UpstreamException(
                        UpstreamException.Kind.UNAUTHORIZED,
                        "OpenProject refused this token for its API (HTTP 403): a token without the api_v3 scope,"
                                + " or an account that may not use the API.",
                        403);
            }
            if (e.status().orElse(0) == 404) {
                throw new UpstreamException(
                        UpstreamException.Kind.BAD_RESPONSE,
                        "There is no OpenProject API at this address (HTTP 404): check the URL.",
                        404);
            }
            throw e;
        }
    }

    @Override
    public List<DashboardWidget> widgets() {
        return List.of(new NotificationsWidget());
    }

    @Override
    public List<SearchProvider> searchProviders() {
        return List.of(new WorkPackageSearch());
    }

    @Override
    public List<NotificationSource> notificationSources() {
        return List.of(new OpenProjectNotifications(this::pollInterval));
    }

    private Duration pollInterval() {
        try {
            return Duration.ofSeconds(Long.parseLong(
                    context == null
                            ? "60"
                            : context.settings().get(POLL_SECONDS).orElse("60")));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(60);
        }
    }
}
