package dev.hearth.atlassian;

import dev.hearth.api.UserContext;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.endpoints.PluginEndpoint;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/plugins/atlassian/sites}: the user's Atlassian sites, each with its cloud id, name, URL, avatar
 * and products ({@code jira}, {@code confluence}); read again on connect and at most 15 minutes after the last read.
 */
final class SitesEndpoint implements PluginEndpoint {

    private final Supplier<Clock> clock;

    SitesEndpoint(Supplier<Clock> clock) {
        this.clock = clock;
    }

    @Override
    public String path() {
        return "sites";
    }

    @Override
    public Object get(UserContext user, Map<String, List<String>> query) {
        if (user.connection().isEmpty()) {
            throw new EndpointProblem(
                    401, "atlassian_not_connected", "Connect your Atlassian account under Connected accounts first.");
        }
        return Atlassian.of(user, clock.get()).sites().stream()
                .map(site -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", site.id());
                    view.put("name", site.name());
                    view.put("url", site.url().toString());
                    view.put("products", List.copyOf(site.products()));
                    view.put(
                            "avatarUrl",
                            site.avatarUrl() == null ? null : site.avatarUrl().toString());
                    return view;
                })
                .toList();
    }
}
