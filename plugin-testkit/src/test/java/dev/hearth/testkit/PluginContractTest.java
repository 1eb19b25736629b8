package dev.hearth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PluginContractTest {

    /** The upstream API the test plugins call. */
    @Path("api")
    public interface ItemsApi {
        @GET
        @Path("items")
        @Produces("application/json")
        List<Item> items();
    }

    /** One upstream item. */
    public static class Item {
        public String id;
        public String title;
    }

    private static final Credential TOKEN = new Credential.Bearer("secret-token-42");

    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start()
                .answer("GET", "/api/items", 200, "application/json", "[{\"id\":\"1\",\"title\":\"First\"}]");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    /** A plugin with one widget that loads the items as the function makes them. */
    private static HearthPlugin plugin(String id, String widgetId, WidgetLoad load) {
        return new HearthPlugin() {
            public String id() {
                return id;
            }

            public String name() {
                return "Test";
            }

            public List<DashboardWidget> widgets() {
                return List.of(new DashboardWidget() {
                    public String id() {
                        return widgetId;
                    }

                    public String title() {
                        return "Items";
                    }

                    public WidgetContent load(UserContext user) {
                        return load.load(user);
                    }
                });
            }
        };
    }

    private interface WidgetLoad {
        WidgetContent load(UserContext user);
    }

    private static List<Item> items(UserContext user) {
        return user.http()
                .create(ItemsApi.class, user.connection().orElseThrow().instanceUrl())
                .items();
    }

    private void verify(HearthPlugin plugin) {
        PluginContract.of(plugin, FakePluginContext.of(plugin.id()))
                .connection(upstream, "7", "Jane", TOKEN)
                .verify();
    }

    @Test
    void aWellBehavedPluginPasses() {
        verify(plugin(
                "good",
                "items",
                user -> WidgetContent.of(items(user).stream()
                        .map(i -> WidgetItem.builder(i.id, i.title)
                                .link(URI.create(upstream.uri() + "/items/" + i.id))
                                .build())
                        .toList())));
    }

    @Test
    void everyBrokenRuleIsNamed() {
        HearthPlugin careless = plugin("Bad_Id", "items", user -> {
            try {
                List<Item> items = items(user);
                return WidgetContent.of(items.stream()
                        .map(i -> WidgetItem.builder(i.id, i.title)
                                .subtitle("token " + TOKEN.authorization())
                                .link(URI.create("javascript:alert(1)"))
                                .build())
                        .toList());
            } catch (UpstreamException e) {
                return WidgetContent.of(List.of()); // swallows every fault: the user never learns to reconnect
            }
        });

        AssertionError broken = assertThrows(AssertionError.class, () -> verify(careless));

        String message = broken.getMessage();
        assertTrue(message.contains("the plugin id 'Bad_Id' is not"), message);
        assertTrue(message.contains("widget items shows a secret"), message);
        assertTrue(message.contains("widget items links to javascript:alert(1)"), message);
        assertTrue(
                message.contains("widget items answers as if all were well when the upstream is UNAUTHORIZED"),
                message);
        assertTrue(message.contains("when the upstream is DOWN"), message);
    }

    @Test
    void aFaultOfTheWrongKindIsNamed() {
        HearthPlugin confused = plugin("confused", "items", user -> {
            try {
                return WidgetContent.of(items(user).stream()
                        .map(i -> WidgetItem.builder(i.id, i.title).build())
                        .toList());
            } catch (UpstreamException e) {
                throw new UpstreamException(UpstreamException.Kind.BAD_RESPONSE, "something went wrong", e);
            }
        });

        String message =
                assertThrows(AssertionError.class, () -> verify(confused)).getMessage();

        assertTrue(
                message.contains("widget items reports BAD_RESPONSE when the upstream is UNAUTHORIZED; Hearth needs"
                        + " UNAUTHORIZED"),
                message);
        assertEquals(-1, message.indexOf("when the upstream is GARBAGE"), "garbage is a bad response: " + message);
    }

    /** Hearth sends a user's credential to their connection's own server only, whatever URI a plugin passes. */
    @Test
    void theCredentialGoesOnlyToTheConnectionsOwnServer() {
        HearthPlugin plugin = plugin("origin-test", "items", user -> WidgetContent.of(List.of()));
        try (FakeUpstream elsewhere = FakeUpstream.start().answer("GET", "/api/items", 200, "application/json", "[]")) {
            UserContext user = FakeUserContext.of(plugin)
                    .connected(upstream.uri(), "7", "Jane", TOKEN)
                    .build();

            user.http().create(ItemsApi.class, upstream.uri()).items();
            user.http().create(ItemsApi.class, elsewhere.uri()).items();

            assertEquals("Bearer secret-token-42", upstream.requests().get(0).header("Authorization"));
            assertEquals(null, elsewhere.requests().get(0).header("Authorization"), "another server gets nothing");
        }
    }
}
