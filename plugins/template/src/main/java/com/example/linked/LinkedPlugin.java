package com.example.linked;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.AuthFlow;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.TokenFlow;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.search.SearchProvider;
import java.util.List;
import java.util.Optional;

/**
 * The template plugin: "Linked Service", a REST service whose users connect with a personal access token on any
 * instance they name, and see their items on the dashboard, their documents in search and their activity as
 * notifications. Copy this module to start your own (see the plugin guide, "Your first plugin").
 *
 * <p>Hearth finds this class through {@code META-INF/services/dev.hearth.api.HearthPlugin}, makes one instance,
 * and asks it for its parts; every text it shows is a key of {@code messages.properties}.
 */
public final class LinkedPlugin implements HearthPlugin {

    @Override
    public String id() {
        return "linked"; // stable: it is in URLs, layouts and stored data
    }

    @Override
    public String name() {
        return "Linked Service";
    }

    @Override
    public Optional<String> messages() {
        return Optional.of("com/example/linked/messages");
    }

    @Override
    public List<AuthFlow> authFlows() {
        // Hearth shows the form, checks the URL against its SSRF rules, calls the verifier with the token, and
        // stores the token encrypted only when the verifier could read who the user is.
        return List.of(TokenFlow.anyInstance("flow.token", Credential.Bearer::new, (instance, http) -> {
            LinkedApi.Me me = http.create(LinkedApi.class, instance).me();
            return new AccountIdentity(me.id(), me.name());
        }));
    }

    @Override
    public List<DashboardWidget> widgets() {
        return List.of(new ItemsWidget());
    }

    @Override
    public List<SearchProvider> searchProviders() {
        return List.of(new DocumentSearch());
    }

    @Override
    public List<NotificationSource> notificationSources() {
        return List.of(new ActivityNotifications());
    }
}
