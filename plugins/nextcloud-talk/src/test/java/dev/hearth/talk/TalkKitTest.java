package dev.hearth.talk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.notifications.Poll;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import dev.hearth.testkit.FakePluginContext;
import dev.hearth.testkit.FakeUpstream;
import dev.hearth.testkit.FakeUserContext;
import dev.hearth.testkit.PluginContract;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Talk plugin on the test kit, against a fake Nextcloud answering what a real Nextcloud 32 with Talk answered
 * (the captured room list and notifications): widget, search, notifications, the rooms endpoint, and the plugin
 * contract. The end-to-end suite (TalkIT) covers connecting, expiry and the UI through a running Hearth.
 */
class TalkKitTest {

    private static final String ROOMS = "/ocs/v2.php/apps/spreed/api/v4/room";
    private static final String NOTIFICATIONS = "/ocs/v2.php/apps/notifications/api/v2/notifications";
    private static final String ETAG = "\"1d2e1abec95389cb44041f29ebbbb411\"";
    private static final Credential APP_PASSWORD = new Credential.Basic("alice", "app-password-0123456789");

    private FakeUpstream nextcloud;
    private NextcloudTalkPlugin plugin;
    private FakePluginContext context;

    private static String resource(String name) throws IOException {
        try (InputStream in = TalkKitTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Nextcloud refuses OCS requests without {@code OCS-APIRequest: true} (412) and answers XML without JSON. */
    private static FakeUpstream.Answer ocs(FakeUpstream.Request request, String json, Map<String, String> headers) {
        if (!"true".equals(request.header("OCS-APIRequest"))) {
            return new FakeUpstream.Answer(412, "application/json", "{\"message\":\"CSRF check failed\"}");
        }
        if (!String.valueOf(request.header("Accept")).contains("application/json")) {
            return new FakeUpstream.Answer(200, "application/xml; charset=utf-8", "<?xml version=\"1.0\"?><ocs/>");
        }
        return new FakeUpstream.Answer(200, "application/json; charset=utf-8", json, headers);
    }

    @BeforeEach
    void start() throws Exception {
        String rooms = resource("talk-v4-room-list.json");
        String notifications = resource("talk-notifications.json");
        nextcloud = FakeUpstream.start();
        nextcloud.on("GET", ROOMS, request -> ocs(request, rooms, Map.of()));
        nextcloud.on(
                "GET",
                NOTIFICATIONS,
                request -> ETAG.equals(request.header("If-None-Match"))
                        ? new FakeUpstream.Answer(304, null, null)
                        : ocs(request, notifications, Map.of("ETag", ETAG)));
        nextcloud.on(
                "DELETE",
                NOTIFICATIONS + "/24",
                request -> ocs(
                        request,
                        "{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":200,\"message\":\"OK\"},\"data\":[]}}",
                        Map.of()));
        plugin = new NextcloudTalkPlugin();
        context = FakePluginContext.of("nextcloud-talk")
                .setting("url", nextcloud.uri().toString());
        plugin.start(context);
    }

    @AfterEach
    void stop() {
        plugin.stop();
        nextcloud.close();
    }

    private UserContext alice(Locale locale) {
        return FakeUserContext.of(plugin)
                .locale(locale)
                .connected(nextcloud.uri(), "alice", "Alice Test", APP_PASSWORD)
                .build();
    }

    @Test
    void theWidgetShowsTheThreeLatestConversationsWithoutTheChangelog() {
        WidgetContent content = plugin.widgets().get(0).load(alice(Locale.ENGLISH));

        List<WidgetItem> items = content.items();
        assertEquals(3, items.size());
        assertEquals("Bob Test", items.get(0).title(), "the newest activity first");
        assertEquals(2, items.get(0).badge());
        assertEquals(
                URI.create(nextcloud.uri() + "/index.php/call/wqwrj6k7"),
                items.get(0).link());
        assertTrue(items.stream().noneMatch(i -> i.id().equals("pc2yc6ne")), "the changelog conversation is left out");
        assertEquals(15, content.totalBadge(), "unread over all conversations but the changelog");
        assertEquals("Open Talk", content.buttons().get(0).text());

        FakeUpstream.Request asked = nextcloud.requests().get(0);
        assertEquals("noStatusUpdate=1", asked.query(), "polling must not mark the user online");
        assertEquals(APP_PASSWORD.authorization(), asked.header("Authorization"));
    }

    @Test
    void theWidgetSpeaksTheUsersLanguage() {
        nextcloud.on(
                "GET",
                ROOMS,
                request -> ocs(
                        request,
                        "{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":200}," + "\"data\":[]}}",
                        Map.of()));

        WidgetContent content = plugin.widgets().get(0).load(alice(Locale.GERMAN));

        assertEquals("Noch keine Unterhaltungen", content.emptyText());
        assertEquals("Talk öffnen", content.buttons().get(0).text());
    }

    @Test
    void searchFindsConversationsByNameAndPagesWithOneUpstreamCall() {
        UserContext alice = alice(Locale.ENGLISH);
        var provider = plugin.searchProviders().get(0);

        SearchResult first = provider.search(alice, new SearchQuery("t", 2, null));
        SearchResult second = provider.search(alice, new SearchQuery("t", 2, first.nextCursor()));

        assertEquals(2, first.entries().size());
        assertFalse(second.entries().isEmpty());
        assertTrue(first.entries().stream()
                .allMatch(e -> e.title().toLowerCase(Locale.ROOT).contains("t")));
        assertEquals(1, nextcloud.requests().size(), "the room list is kept for the next page");
    }

    @Test
    void notificationsAreTalksAndTheEtagSavesTheSecondPoll() {
        var source = plugin.notificationSources().get(0);

        Poll poll = source.poll(alice(Locale.ENGLISH), null);

        assertEquals(9, poll.notifications().size());
        assertEquals("24", poll.notifications().get(0).externalId());
        assertEquals("Carol Test", poll.notifications().get(0).actor());
        assertEquals(ETAG, poll.nextCursor());
        Poll again = source.poll(alice(Locale.ENGLISH), poll.nextCursor());
        assertTrue(again.notifications().isEmpty());
        assertEquals(ETAG, nextcloud.requests().get(1).header("If-None-Match"));

        source.markRead(alice(Locale.ENGLISH), "24");
        assertEquals("DELETE", nextcloud.requests().get(2).method(), "dismissing deletes it in Nextcloud");
    }

    @Test
    void theRoomsEndpointAnswersTheWidgetDesignsShape() {
        var rooms = plugin.endpoints().get(0);

        String json = JsonbBuilder.create().toJson(rooms.get(alice(Locale.ENGLISH), Map.of("limit", List.of("5"))));

        assertTrue(json.startsWith("{\"data\":{\"conversations\":[{"), json);
        assertTrue(json.contains("\"totalUnread\":15"), json);
        assertTrue(json.contains("\"success\":true"), json);
        assertEquals(
                400,
                assertThrows(
                                EndpointProblem.class,
                                () -> rooms.get(alice(Locale.ENGLISH), Map.of("limit", List.of("51"))))
                        .status());
        UserContext stranger = FakeUserContext.of(plugin).build();
        assertEquals(
                "nextcloud_not_connected",
                assertThrows(EndpointProblem.class, () -> rooms.get(stranger, Map.of()))
                        .code());
    }

    @Test
    void aRevokedAppPasswordIsUnauthorized() {
        nextcloud.fault(FakeUpstream.Fault.UNAUTHORIZED);

        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                assertThrows(
                                UpstreamException.class,
                                () -> plugin.widgets().get(0).load(alice(Locale.ENGLISH)))
                        .kind());
    }

    @Test
    void theConnectFlowsNameTheAdministratorsNextcloud() {
        var flows = plugin.authFlows();
        assertEquals(1, flows.size(), "without an OAuth2 client, Login Flow v2 only");
        var loginFlow = (dev.hearth.api.connect.LoginFlowV2) flows.get(0);
        assertEquals(nextcloud.uri(), loginFlow.instanceUrl());
        assertFalse(loginFlow.userGivesInstanceUrl());

        context.setting("url", null);
        assertNull(
                ((dev.hearth.api.connect.LoginFlowV2) plugin.authFlows().get(0)).instanceUrl(),
                "not configured yet: Hearth tells the user so");
    }

    @Test
    void theTalkPluginKeepsThePluginContract() {
        PluginContract.of(plugin, context)
                .connection(nextcloud, "alice", "Alice Test", APP_PASSWORD)
                .verify();
    }
}
