package dev.hearth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.accounts.AccountChanged;
import dev.hearth.connections.ConnectionChanged;
import dev.hearth.notifications.NotificationStream;
import dev.hearth.plugins.PluginSwitched;
import dev.hearth.security.SessionsEnded;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every cluster event travels under its name and arrives as it left (JSON-B reads records only when public). */
class ClusterEventsTest {

    private static final List<ClusterEvent> ONE_OF_EACH = List.of(
            new SessionsEnded(7),
            new AccountChanged(8),
            new ConnectionChanged(9, "nextcloud-talk"),
            new PluginSwitched("openproject", false),
            new NotificationStream.Pushed(10, "unread", "{\"unread\":3}"));

    @Test
    void theClusterCarriesEachEventAndOnlyThese() {
        assertEquals(
                ONE_OF_EACH.stream().map(Object::getClass).collect(Collectors.toSet()),
                Set.copyOf(Cluster.EVENTS.values()));
    }

    @Test
    void eachEventArrivesAsItLeft() throws Exception {
        try (Jsonb json = JsonbBuilder.create()) {
            for (ClusterEvent event : ONE_OF_EACH) {
                assertEquals(event, json.fromJson(json.toJson(event), event.getClass()));
            }
        }
    }
}
