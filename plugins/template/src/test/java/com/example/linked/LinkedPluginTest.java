package com.example.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.TokenFlow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import dev.hearth.testkit.FakePluginContext;
import dev.hearth.testkit.FakeUpstream;
import dev.hearth.testkit.FakeUserContext;
import dev.hearth.testkit.PluginContract;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The template's tests on Hearth's test kit: a fake of the service on 127.0.0.1, the plugin called as Hearth calls
 * it, with Hearth's own HTTP clients, and the plugin contract. Run them with {@code mvn test}.
 */
class LinkedPluginTest {

    private static final Credential TOKEN = new Credential.Bearer("t0ken-of-jane");

    private FakeUpstream service;
    private LinkedPlugin plugin;
    private FakePluginContext context;

    @BeforeEach
    void start() throws Exception {
        service = FakeUpstream.start()
                .answer("GET", "/api/me", 200, "application/json", "{\"id\":\"u-7\",\"name\":\"Jane Doe\"}")
                .answer(
                        "GET",
                        "/api/items",
                        200,
                        "application/json",
                        """
                        [{"id":"17","title":"Quarterly report","unread":2,"updated":"2026-11-24T09:30:00Z"},
                         {"id":"18","title":"Budget","unread":0,"updated":"2026-11-24T08:00:00Z"}]""")
                .answer(
                        "GET",
                        "/api/search",
                        200,
                        "application/json",
                        "{\"results\":[{\"id\":3,\"title\":\"Travel report\",\"project\":\"Demo\"}],\"next\":null}")
                .answer(
                        "GET",
                        "/api/notifications",
                        200,
                        "application/json",
                        """
                        {"items":[{"id":"n-1","title":"Alice mentioned you","body":"Have a look","actor":"Alice",
                        "time":"2026-11-24T10:01:00Z"}],"next":"cursor-1"}""");
        plugin = new LinkedPlugin();
        context = FakePluginContext.of("linked");
        plugin.start(context);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private UserContext jane(Locale locale) {
        return FakeUserContext.of(plugin)
                .locale(locale)
                .connected(service.uri(), "u-7", "Jane Doe", TOKEN)
                .build();
    }

    @Test
    void connectingReadsWhoTheTokenBelongsTo() throws Exception {
        TokenFlow flow = (TokenFlow) plugin.authFlows().get(0);

        var identity = flow.verifier().verify(service.uri(), FakeUserContext.clients(TOKEN));

        assertEquals("Jane Doe", identity.displayName());
        assertEquals("Bearer t0ken-of-jane", service.requests().get(0).header("Authorization"));
    }

    @Test
    void theWidgetShowsTheItemsWithTheirUnreadCounts() {
        WidgetContent content = plugin.widgets().get(0).load(jane(Locale.GERMAN));

        assertEquals(2, content.items().size());
        assertEquals("Quarterly report", content.items().get(0).title());
        assertEquals("für Jane Doe", content.items().get(0).subtitle());
        assertEquals(service.uri() + "/items/17", content.items().get(0).link().toString());
        assertEquals(2, content.totalBadge());
    }

    @Test
    void searchAsksTheServiceAndLinksEachDocument() {
        SearchResult result =
                plugin.searchProviders().get(0).search(jane(Locale.ENGLISH), new SearchQuery("report", 5, null));

        assertEquals("Travel report", result.entries().get(0).title());
        assertEquals("Project Demo", result.entries().get(0).subline());
        assertEquals("q=report&limit=5", service.requests().get(0).query());
    }

    @Test
    void aRevokedTokenAsksTheUserToReconnect() {
        service.fault(FakeUpstream.Fault.UNAUTHORIZED);

        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                assertThrows(
                                UpstreamException.class,
                                () -> plugin.notificationSources().get(0).poll(jane(Locale.ENGLISH), null))
                        .kind());
    }

    @Test
    void thePluginKeepsThePluginContract() {
        PluginContract.of(plugin, context)
                .connection(service, "u-7", "Jane Doe", TOKEN)
                .verify();
    }
}
