package dev.hearth.talk;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.PluginContext;
import dev.hearth.api.SettingDefinition;
import dev.hearth.api.SettingType;
import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.connect.LoginFlowV2;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.endpoints.PluginEndpoint;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.search.SearchProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nextcloud Talk: users connect their Nextcloud account with Login Flow v2 (an app password, revoked again on
 * disconnect) or, when the administrator registered Hearth as an OAuth2 client in Nextcloud, with OAuth2; they get
 * the recent-chats widget, conversation search, Talk notifications and {@code GET
 * /api/v1/plugins/nextcloud-talk/rooms}.
 */
public final class NextcloudTalkPlugin implements HearthPlugin {

    static final String URL = "url";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String POLL_SECONDS = "pollSeconds";

    private volatile PluginContext context;
    private final ConversationSearch search =
            new ConversationSearch(() -> context == null ? Clock.systemUTC() : context.clock());

    @Override
    public String id() {
        return "nextcloud-talk";
    }

    @Override
    public String name() {
        return "Nextcloud Talk";
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.of(URL, "Nextcloud URL", SettingType.URL)
                        .withHelp("The address of your Nextcloud, for example https://cloud.example.com."),
                SettingDefinition.of(CLIENT_ID, "OAuth2 client identifier", SettingType.STRING)
                        .withHelp("Optional. Add an OAuth 2.0 client in Nextcloud (Administration settings → Security)"
                                + " with Hearth's redirect URI; users can then connect with OAuth2 as well."),
                SettingDefinition.secret(CLIENT_SECRET, "OAuth2 client secret"),
                SettingDefinition.of(POLL_SECONDS, "Notification check interval (seconds)", SettingType.INTEGER)
                        .withDefault("30")
                        .withHelp("How often Hearth asks Nextcloud for each connected user's Talk notifications."));
    }

    @Override
    public Optional<String> messages() {
        return Optional.of("dev/hearth/talk/messages");
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public void stop() {
        search.clear();
    }

    @Override
    public List<AuthFlow> authFlows() {
        List<AuthFlow> flows = new ArrayList<>();
        flows.add(LoginFlowV2.forInstance("flow.login-flow-v2", instance().orElse(null), Nextcloud::identity));
        oauth().ifPresent(flows::add);
        return flows;
    }

    /**
     * OAuth2 with Nextcloud's {@code oauth2} app, when the administrator gave a URL, client id and secret. Nextcloud
     * takes only confidential clients and has no scopes; recent versions also check a PKCE S256 challenge, which
     * older ones ignore, so it is always sent.
     */
    private Optional<AuthFlow> oauth() {
        if (context == null) {
            return Optional.empty();
        }
        Optional<URI> instance = instance();
        Optional<String> clientId = context.settings().get(CLIENT_ID);
        Optional<String> secret = context.settings().get(CLIENT_SECRET);
        if (instance.isEmpty() || clientId.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(OAuth2Flow.builder(
                        "flow.oauth2",
                        instance.get(),
                        Nextcloud.link(instance.get(), "apps/oauth2/authorize"),
                        Nextcloud.link(instance.get(), "apps/oauth2/api/v1/token"),
                        clientId.get(),
                        Nextcloud::identity)
                .clientSecret(secret.get())
                .build());
    }

    /** The administrator's Nextcloud, once configured. */
    private Optional<URI> instance() {
        return context == null ? Optional.empty() : context.settings().get(URL).map(URI::create);
    }

    @Override
    public List<DashboardWidget> widgets() {
        return List.of(new RecentChatsWidget());
    }

    @Override
    public List<SearchProvider> searchProviders() {
        return List.of(search);
    }

    @Override
    public List<NotificationSource> notificationSources() {
        return List.of(new TalkNotifications(this::pollInterval));
    }

    private Duration pollInterval() {
        try {
            return Duration.ofSeconds(
                    Long.parseLong(context.settings().get(POLL_SECONDS).orElse("30")));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(30);
        }
    }

    @Override
    public List<PluginEndpoint> endpoints() {
        return List.of(new RoomsEndpoint());
    }
}
