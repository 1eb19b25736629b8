package dev.hearth.openproject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.TokenFlow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.Poll;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import dev.hearth.testkit.FakePluginContext;
import dev.hearth.testkit.FakeUpstream;
import dev.hearth.testkit.FakeUserContext;
import dev.hearth.testkit.PluginContract;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenProject plugin on the test kit, against {@link FakeOpenProject}: connecting with an API token, the widget
 * over several pages of notifications, search by id and subject, polling with read-back, marking read upstream, and
 * the plugin contract against the captured samples. The end-to-end suite (OpenProjectIT) covers OAuth2 and the rest
 * through a running Hearth.
 */
class OpenProjectKitTest {

    private static final String TOKEN = "opapi-5f1c0ffee0ddba11";
    private static final int JANE = 7;
    private static final int ALICE = 8;

    private FakeOpenProject openproject;
    private OpenProjectPlugin plugin;
    private FakePluginContext context;

    @BeforeEach
    void start() {
        openproject = FakeOpenProject.start()
                .user(JANE, "Jane", "Doe", "jane")
                .user(ALICE, "Alice", "Adams", "alice")
                .apiToken(TOKEN, JANE)
                .project(3, "website", "Website relaunch")
                .project(4, "events", "Conference")
                .workPackage(101, 3, "Design the landing page", "Task", "In progress", JANE)
                .workPackage(102, 3, "Write the imprint", "Task", "New", null)
                .workPackage(103, 4, "Book the venue", "Milestone", "Closed", ALICE)
                .workPackage(1101, 4, "Order 101 chairs", "Task", "New", JANE);
        plugin = new OpenProjectPlugin();
        context = FakePluginContext.of("openproject").setting(OpenProjectPlugin.POLL_SECONDS, "60");
        plugin.start(context);
    }

    @AfterEach
    void stop() {
        openproject.close();
    }

    private UserContext jane(Locale locale) {
        return FakeUserContext.of(plugin)
                .locale(locale)
                .connected(openproject.uri(), Integer.toString(JANE), "Jane Doe", new Credential.Basic("apikey", TOKEN))
                .build();
    }

    private TokenFlow tokenFlow() {
        return plugin.authFlows().stream()
                .filter(TokenFlow.class::isInstance)
                .map(TokenFlow.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anApiTokenConnectsAsTheUserItBelongsTo() {
        TokenFlow flow = tokenFlow();
        assertTrue(flow.userGivesInstanceUrl(), "any OpenProject the user names");
        Credential credential = flow.credential().apply(TOKEN);

        AccountIdentity identity = flow.verifier().verify(openproject.uri(), FakeUserContext.clients(credential));

        assertEquals(new AccountIdentity("7", "Jane Doe"), identity);
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString(("apikey:" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                openproject.requests().get(0).header("Authorization"));
        assertEquals("/api/v3/users/me", openproject.requests().get(0).path());
    }

    @Test
    void aWrongTokenOrSomethingElseThanOpenProjectIsRefusedWithItsReason() {
        TokenFlow flow = tokenFlow();
        UpstreamException wrong = assertThrows(UpstreamException.class, () -> flow.verifier()
                .verify(
                        openproject.uri(),
                        FakeUserContext.clients(flow.credential().apply("opapi-wrong"))));
        assertEquals(UpstreamException.Kind.UNAUTHORIZED, wrong.kind());

        try (FakeUpstream elsewhere =
                FakeUpstream.start().answer("GET", "/api/v3/users/me", 404, "text/html", "<html>Not Found</html>")) {
            UpstreamException notOpenProject = assertThrows(UpstreamException.class, () -> flow.verifier()
                    .verify(
                            elsewhere.uri(),
                            FakeUserContext.clients(flow.credential().apply(TOKEN))));
            assertEquals(UpstreamException.Kind.BAD_RESPONSE, notOpenProject.kind());
            assertTrue(notOpenProject.getMessage().contains("no OpenProject API"), notOpenProject.getMessage());
        }
        try (FakeUpstream json = FakeUpstream.start()
                .answer("GET", "/api/v3/users/me", 200, "application/json", "{\"id\":1,\"name\":\"a wiki\"}")) {
            assertEquals(
                    UpstreamException.Kind.BAD_RESPONSE,
                    assertThrows(UpstreamException.class, () -> flow.verifier()
                                    .verify(
                                            json.uri(),
                                            FakeUserContext.clients(
                                                    flow.credential().apply(TOKEN))))
                            .kind(),
                    "JSON that is not an OpenProject user");
        }
        openproject.down(true);
        assertEquals(
                UpstreamException.Kind.BAD_RESPONSE,
                assertThrows(UpstreamException.class, () -> flow.verifier()
                                .verify(
                                        openproject.uri(),
                                        FakeUserContext.clients(
                                                flow.credential().apply(TOKEN))))
                        .kind(),
                "an instance answering 503");
    }

    @Test
    void aTokenWithoutTheApiScopeIsRefusedWithThatReason() {
        TokenFlow flow = tokenFlow();
        try (FakeUpstream scoped = FakeUpstream.start()
                .on(
                        "GET",
                        "/api/v3/users/me",
                        request -> new FakeUpstream.Answer(
                                403,
                                "application/hal+json; charset=utf-8",
                                "{\"_type\":\"Error\",\"errorIdentifier\":\"urn:openproject-org:api:v3:errors:Unauthenticated\","
                                        + "\"message\":\"You did not provide the correct credentials.\"}",
                                java.util.Map.of(
                                        "WWW-Authenticate",
                                        "Bearer realm=\"OpenProject API\" error=\"insufficient_scope\"")))) {
            UpstreamException refused = assertThrows(UpstreamException.class, () -> flow.verifier()
                    .verify(
                            scoped.uri(),
                            FakeUserContext.clients(flow.credential().apply(TOKEN))));
            assertEquals(UpstreamException.Kind.UNAUTHORIZED, refused.kind());
            assertTrue(refused.getMessage().contains("api_v3"), refused.getMessage());
        }
    }

    @Test
    void oauthIsOfferedForTheAdministratorsInstanceOnlyWhenItIsConfigured() {
        assertEquals(
                List.of("token"), plugin.authFlows().stream().map(f -> f.type()).toList());

        context.setting(OpenProjectPlugin.URL, "https://openproject.example.com/op")
                .setting(OpenProjectPlugin.CLIENT_ID, "hearth-client")
                .setting(OpenProjectPlugin.CLIENT_SECRET, "s3cret");

        OAuth2Flow oauth = (OAuth2Flow) plugin.authFlows().get(0);
        assertEquals(URI.create("https://openproject.example.com/op"), oauth.instanceUrl());
        assertEquals(URI.create("https://openproject.example.com/op/oauth/authorize"), oauth.authorizeUrl());
        assertEquals(URI.create("https://openproject.example.com/op/oauth/token"), oauth.tokenUrl());
        assertEquals(URI.create("https://openproject.example.com/op/oauth/revoke"), oauth.revokeUrl());
        assertEquals(List.of("api_v3"), oauth.scopes());
        assertTrue(oauth.pkce());
        assertEquals("token", plugin.authFlows().get(1).type(), "the token form stays, for any instance");
    }

    @Test
    void theWidgetGroupsEveryPageOfUnreadNotificationsByWorkPackage() {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        for (int i = 0; i < 2030; i++) { // three pages of 1000
            openproject.notify(JANE, 101, i % 2 == 0 ? "watched" : "commented", ALICE, t.plusSeconds(i));
        }
        openproject.notify(JANE, 102, "assigned", ALICE, t.plusSeconds(5000));
        openproject.notify(JANE, 102, "mentioned", ALICE, t.plusSeconds(5001));
        openproject.notify(JANE, 1101, "dateAlert", null, t.plusSeconds(4000));
        int read = openproject.notify(JANE, 103, "assigned", ALICE, t.plusSeconds(6000));
        openproject.readInOpenProject(read);
        openproject.notify(ALICE, 103, "mentioned", JANE, t.plusSeconds(7000)); // Alice's, not Jane's

        WidgetContent content = plugin.widgets().get(0).load(jane(Locale.ENGLISH));

        assertEquals(2033, content.totalBadge());
        List<WidgetItem> rows = content.items();
        assertEquals(
                List.of("#102 Write the imprint", "#1101 Order 101 chairs", "#101 Design the landing page"),
                rows.stream().map(WidgetItem::title).toList(),
                "newest first, one row per work package");
        assertEquals("Website relaunch · mentioned, assigned", rows.get(0).subtitle());
        assertEquals(2, rows.get(0).badge());
        assertEquals(t.plusSeconds(5001), rows.get(0).timestamp());
        assertEquals(
                openproject.uri() + "/projects/3/work_packages/102/activity",
                rows.get(0).link().toString());
        assertEquals("Conference · date alert", rows.get(1).subtitle());
        assertEquals(2030, rows.get(2).badge());
        assertEquals("Website relaunch · commented, watched", rows.get(2).subtitle(), "newest reason first");
        assertEquals(3, notificationPages(), "every page, and no more");
        assertTrue(openproject.requests().stream()
                .allMatch(r -> r.query() == null || !r.query().contains("eprops")));

        WidgetContent german = plugin.widgets().get(0).load(jane(Locale.GERMAN));
        assertEquals(
                "Website relaunch · erwähnt, zugewiesen", german.items().get(0).subtitle());
    }

    private long notificationPages() {
        return openproject.requests().stream()
                .filter(r -> r.path().equals("/api/v3/notifications"))
                .count();
    }

    @Test
    void theWidgetAsksForUnreadNotificationsOnlyNewestFirst() {
        openproject.notify(JANE, 101, "mentioned", ALICE, Instant.parse("2026-11-30T08:00:00Z"));

        plugin.widgets().get(0).load(jane(Locale.ENGLISH));

        FakeOpenProject.Request request = openproject.requests().get(0);
        assertEquals("1", request.queryParameters().get("offset"));
        assertEquals(
                "[{\"readIAN\":{\"operator\":\"=\",\"values\":[\"f\"]}}]",
                request.queryParameters().get("filters"));
        assertEquals("[[\"id\",\"desc\"]]", request.queryParameters().get("sortBy"));
    }

    @Test
    void withoutUnreadNotificationsTheWidgetSaysSo() {
        WidgetContent content = plugin.widgets().get(0).load(jane(Locale.GERMAN));
        assertEquals(0, content.totalBadge());
        assertEquals("Keine ungelesenen Benachrichtigungen", content.emptyText());
        assertEquals(
                openproject.uri() + "/notifications",
                content.buttons().get(0).link().toString());
    }

    @Test
    void searchFindsByIdAndBySubjectInEveryStatus() {
        SearchResult byId =
                plugin.searchProviders().get(0).search(jane(Locale.ENGLISH), new SearchQuery("#101", 5, null));
        List<String> titles = byId.entries().stream().map(e -> e.title()).toList();
        assertTrue(titles.contains("#101 Design the landing page"), titles::toString);
        assertTrue(titles.contains("#1101 Order 101 chairs"), "the subject has 101 too: " + titles);
        assertEquals(
                "[{\"subjectOrId\":{\"operator\":\"**\",\"values\":[\"101\"]}}]",
                openproject.requests().get(0).queryParameters().get("filters"));

        SearchResult closed =
                plugin.searchProviders().get(0).search(jane(Locale.ENGLISH), new SearchQuery("venue", 5, null));
        assertEquals(1, closed.entries().size(), "closed work packages are found too");
        assertEquals(
                "Closed · Milestone · Conference · Alice Adams",
                closed.entries().get(0).subline());
        assertEquals(
                openproject.uri() + "/projects/4/work_packages/103/activity",
                closed.entries().get(0).link().toString());

        SearchResult unassigned =
                plugin.searchProviders().get(0).search(jane(Locale.ENGLISH), new SearchQuery("imprint", 5, null));
        assertEquals(
                "New · Task · Website relaunch", unassigned.entries().get(0).subline());
    }

    @Test
    void searchFindsOnlyWhatTheUserCanSeeInOpenProject() {
        openproject.member(JANE, 3); // from now on Jane sees the Website relaunch project only

        SearchResult found =
                plugin.searchProviders().get(0).search(jane(Locale.ENGLISH), new SearchQuery("venue", 5, null));

        assertTrue(found.entries().isEmpty(), "the Conference project's work packages are not hers to see");
    }

    @Test
    void searchPagesWithTheCursor() {
        for (int i = 0; i < 7; i++) {
            openproject.workPackage(200 + i, 3, "Report " + i, "Task", "New", null);
        }
        var search = plugin.searchProviders().get(0);

        SearchResult first = search.search(jane(Locale.ENGLISH), new SearchQuery("report", 3, null));
        SearchResult second = search.search(jane(Locale.ENGLISH), new SearchQuery("report", 3, first.nextCursor()));
        SearchResult third = search.search(jane(Locale.ENGLISH), new SearchQuery("report", 3, second.nextCursor()));

        assertEquals(3, first.entries().size());
        assertEquals("2", first.nextCursor());
        assertEquals(1, third.entries().size());
        assertNull(third.nextCursor());
        assertEquals(
                7,
                first.entries().size()
                        + second.entries().size()
                        + third.entries().size());
    }

    @Test
    void pollingListsEveryUnreadNotificationAndReadsBackUpstream() {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        int mention = openproject.notify(JANE, 101, "mentioned", ALICE, t);
        int alert = openproject.notify(JANE, 1101, "dateAlert", null, t.plusSeconds(60));
        var source = plugin.notificationSources().get(0);
        assertEquals(Duration.ofSeconds(60), source.pollInterval());

        Poll poll = source.poll(jane(Locale.ENGLISH), null);

        assertTrue(poll.allUnread(), "a complete list: those missing next time were read in OpenProject");
        assertEquals(
                List.of(Integer.toString(alert), Integer.toString(mention)),
                poll.notifications().stream().map(Notification::externalId).toList());
        Notification first = poll.notifications().get(1);
        assertEquals("Alice Adams mentioned you in #101 Design the landing page", first.title());
        assertEquals("Website relaunch", first.body());
        assertEquals("Alice Adams", first.actor());
        assertEquals(t, first.time());
        assertEquals(
                openproject.uri() + "/projects/3/work_packages/101/activity",
                first.link().toString());
        assertEquals(
                "Date alert: #1101 Order 101 chairs",
                poll.notifications().get(0).title());

        source.markRead(jane(Locale.ENGLISH), Integer.toString(mention));
        assertTrue(openproject.isRead(mention));
        assertEquals(
                List.of(Integer.toString(alert)),
                source.poll(jane(Locale.ENGLISH), null).notifications().stream()
                        .map(Notification::externalId)
                        .toList());
    }

    @Test
    void aListThatMovedWhileItWasPagedIsNotTakenAsComplete() {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        for (int i = 0; i < 1500; i++) {
            openproject.notify(JANE, 101, "watched", ALICE, t.plusSeconds(i));
        }
        openproject.afterAnswer(
                request -> { // Jane reads the newest in OpenProject after the first page was read
                    if (request.path().equals("/api/v3/notifications")
                            && "1".equals(request.queryParameters().get("offset"))) {
                        openproject.readInOpenProject(1500);
                    }
                });

        Poll poll = plugin.notificationSources().get(0).poll(jane(Locale.ENGLISH), null);

        assertFalse(poll.allUnread(), "one unread notification slid from page 2 to page 1 unseen");
        assertEquals(1499, poll.notifications().size());
    }

    @Test
    void readingAllMarksThemReadUpstreamAHundredPerRequest() {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) { // two requests of at most a hundred
            ids.add(Integer.toString(openproject.notify(JANE, 101, "watched", ALICE, t.plusSeconds(i))));
        }
        int other = openproject.notify(JANE, 102, "watched", ALICE, t);

        plugin.notificationSources().get(0).markAllRead(jane(Locale.ENGLISH), ids);

        assertTrue(ids.stream().allMatch(id -> openproject.isRead(Integer.parseInt(id))));
        assertFalse(openproject.isRead(other), "only those asked for");
        List<FakeOpenProject.Request> bulk = openproject.requests().stream()
                .filter(r -> r.path().equals("/api/v3/notifications/read_ian"))
                .toList();
        assertEquals(2, bulk.size());
        assertEquals("POST", bulk.get(0).method());
        assertTrue(
                URLDecoder.decode(bulk.get(0).query(), StandardCharsets.UTF_8).contains("\"id\":{\"operator\":\"=\""));
    }

    @Test
    void aRevokedTokenOrAnUnreachableServerIsReportedAsSuch() {
        UserContext revoked = FakeUserContext.of(plugin)
                .connected(openproject.uri(), "7", "Jane Doe", new Credential.Basic("apikey", "opapi-revoked"))
                .build();
        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                assertThrows(
                                UpstreamException.class,
                                () -> plugin.widgets().get(0).load(revoked))
                        .kind());
        openproject.garbage(true);
        assertEquals(
                UpstreamException.Kind.BAD_RESPONSE,
                assertThrows(
                                UpstreamException.class,
                                () -> plugin.widgets().get(0).load(jane(Locale.ENGLISH)))
                        .kind());
    }

    private static String sample(String name) {
        try (InputStream in = OpenProjectKitTest.class.getResourceAsStream("/openproject/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keepsThePluginContractOnTheCapturedAnswers() {
        String hal = "application/hal+json; charset=utf-8";
        String notifications = "{\"_type\":\"Collection\",\"total\":3,\"count\":3,\"pageSize\":100,\"offset\":1,"
                + "\"_embedded\":{\"elements\":" + sample("notifications-elements-live.json") + "},"
                + "\"_links\":{\"self\":{\"href\":\"/api/v3/notifications?offset=1&pageSize=100\"}}}";
        try (FakeUpstream captured = FakeUpstream.start()
                .answer("GET", "/api/v3/users/me", 200, hal, sample("users-me.json"))
                .answer("GET", "/api/v3/notifications", 200, hal, notifications)
                .answer("GET", "/api/v3/work_packages", 200, hal, sample("work-packages-search.json"))) {
            PluginContract.of(plugin, context)
                    .connection(captured, "14", "Mara Jade", new Credential.Basic("apikey", TOKEN))
                    .verify();
        }
    }
}
