package dev.hearth.atlassian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.api.UserContext;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.ItemStatus;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.notifications.Notification;
import dev.hearth.api.notifications.Poll;
import dev.hearth.api.notifications.PushedNotification;
import dev.hearth.api.notifications.WebhookDelivery;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import dev.hearth.testkit.FakePluginContext;
import dev.hearth.testkit.FakeUpstream;
import dev.hearth.testkit.FakeUserContext;
import dev.hearth.testkit.MemoryStore;
import dev.hearth.testkit.PluginContract;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Atlassian plugin on the test kit, against {@link FakeAtlassian}: the identity, the sites of a grant (one site
 * shared by Jira and Confluence, one Jira only), the widget across sites with one failing, Jira search by key and by a
 * hostile term, paging with per-site cursors, Confluence search, polling in the user's time zone, webhooks registered,
 * delivered and verified, Atlassian's 429s and "scope does not match", and the plugin contract on the samples. The
 * end-to-end suite (AtlassianIT) covers connecting, refreshing and expiry through a running Hearth.
 */
class AtlassianKitTest {

    static final String CLIENT = "hearth-client";
    static final String SECRET = "s3cret-of-the-app";
    static final String CALLBACK = "https://hearth.example/api/v1/connections/atlassian/callback";
    static final String JANE = "5b10a2844c20165700ede21g";
    static final String BOB = "5b10ac8d82e05b22cc7d4ef5";
    static final String ACME = "1324a887-45db-1bf4-1e99-ef0ff456d421";
    static final String BETA = "8a2f7c10-1111-4c3b-9a5e-0b7d1c2e3f40";
    static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    private FakeAtlassian atlassian;
    private AtlassianPlugin plugin;
    private FakePluginContext context;
    private MutableClock clock;
    private MemoryStore store;
    private Credential.OAuth2 token;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Instant.now());
        atlassian = FakeAtlassian.start()
                .oauthClient(CLIENT, SECRET, CALLBACK)
                .account(JANE, "Jane Doe", "jane@example.com", "America/Los_Angeles")
                .account(BOB, "Bob Builder", "bob@example.com", "Europe/Berlin")
                .site(
                        ACME,
                        "Acme",
                        "https://acme.atlassian.net",
                        FakeAtlassian.Product.JIRA,
                        FakeAtlassian.Product.CONFLUENCE)
                .site(BETA, "Beta", "https://beta.atlassian.net", FakeAtlassian.Product.JIRA)
                .grantSites(JANE, ACME, BETA)
                .project(ACME, "ACME", "Acme project")
                .project(BETA, "BETA", "Beta project")
                .issue(
                        ACME,
                        "ACME-1",
                        "Fix the login page",
                        "In Progress",
                        "indeterminate",
                        "High",
                        JANE,
                        BOB,
                        T0.plusSeconds(300))
                .issue(
                        ACME,
                        "ACME-2",
                        "Write the release notes",
                        "To Do",
                        "new",
                        "Medium",
                        JANE,
                        BOB,
                        T0.plusSeconds(100))
                .issue(ACME, "ACME-3", "Closed already", "Done", "done", "Low", JANE, BOB, T0.plusSeconds(500))
                .issue(BETA, "BETA-7", "Beta crash on start", "To Do", "new", "Highest", JANE, BOB, T0.plusSeconds(200))
                .issue(BETA, "BETA-8", "Someone else's", "To Do", "new", "Low", BOB, BOB, T0.plusSeconds(400))
                .space(ACME, "ENG", "Engineering")
                .page(
                        ACME,
                        "101",
                        "page",
                        "ENG",
                        "Runbook: login outage",
                        "When the login page fails, restart the" + " gateway.",
                        T0.plusSeconds(50))
                .page(
                        ACME,
                        "102",
                        "blogpost",
                        "ENG",
                        "Login improvements",
                        "We made login faster.",
                        T0.plusSeconds(60));
        plugin = new AtlassianPlugin();
        context = FakePluginContext.of("atlassian")
                .clock(clock)
                .setting(AtlassianPlugin.CLIENT_ID, CLIENT)
                .setting(AtlassianPlugin.CLIENT_SECRET, SECRET)
                .setting(AtlassianPlugin.AUTH_URL, atlassian.uri().toString())
                .setting(AtlassianPlugin.API_URL, atlassian.uri().toString());
        plugin.start(context);
        store = new MemoryStore();
        token = consent(JANE, AtlassianPlugin.DEFAULT_SCOPES);
    }

    @AfterEach
    void stop() {
        atlassian.close();
    }

    /** The authorization code flow as Hearth runs it, by hand: consent, then the code exchange with a JSON body. */
    Credential.OAuth2 consent(String account, String scopes) throws Exception {
        atlassian.signedInAs(account);
        URI authorize = URI.create(atlassian.uri() + "/authorize?audience=api.atlassian.com&client_id=" + CLIENT
                + "&scope=" + enc(scopes) + "&redirect_uri=" + enc(CALLBACK) + "&state=st4te&response_type=code"
                + "&prompt=consent");
        URI back = atlassian.approve(authorize);
        String code = query(back).get("code");
        assertEquals("st4te", query(back).get("state"));
        String body = Json.createObjectBuilder()
                .add("grant_type", "authorization_code")
                .add("client_id", CLIENT)
                .add("client_secret", SECRET)
                .add("code", code)
                .add("redirect_uri", CALLBACK)
                .build()
                .toString();
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(atlassian.uri() + "/oauth/token"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject tokens = Json.createReader(new StringReader(answer.body())).readObject();
        return new Credential.OAuth2(
                tokens.getString("access_token"),
                tokens.getString("refresh_token"),
                Instant.now().plusSeconds(tokens.getInt("expires_in")));
    }

    private UserContext jane() {
        return jane(Locale.ENGLISH);
    }

    private UserContext jane(Locale locale) {
        return FakeUserContext.of(plugin)
                .locale(locale)
                .store(store)
                .connected(atlassian.uri(), JANE, "Jane Doe", token)
                .build();
    }

    @Test
    void theFlowIsAtlassians3loAndTheIdentityComesFromMe() {
        OAuth2Flow flow = plugin.oauth().orElseThrow();
        assertTrue(flow.jsonTokenRequests());
        assertFalse(flow.pkce(), "3LO offers no PKCE; the client is confidential");
        assertEquals("api.atlassian.com", flow.extraAuthorizeParameters().get("audience"));
        assertEquals("consent", flow.extraAuthorizeParameters().get("prompt"));
        assertTrue(flow.scopes().containsAll(List.of("read:me", "offline_access", "read:jira-work")));
        assertEquals(Duration.ofDays(90), flow.refreshTokenIdleLimit());
        assertEquals(Duration.ofDays(365), flow.refreshTokenLifetime());
        assertEquals(URI.create(atlassian.uri() + "/oauth/token"), flow.tokenUrl());
        AccountIdentity me = flow.verifier().verify(flow.instanceUrl(), FakeUserContext.clients(token));
        assertEquals(new AccountIdentity(JANE, "Jane Doe"), me);
        atlassian.expireAccessTokens();
        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                assertThrows(UpstreamException.class, () -> flow.verifier()
                                .verify(flow.instanceUrl(), FakeUserContext.clients(token)))
                        .kind());
    }

    @Test
    void withoutAClientTheFlowIsNotOffered() {
        AtlassianPlugin bare = new AtlassianPlugin();
        bare.start(FakePluginContext.of("atlassian"));
        assertTrue(bare.authFlows().isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsEverySiteOfTheGrantWithItsProductsAndForgetsOneThatLeft() {
        List<Map<String, Object>> sites =
                (List<Map<String, Object>>) plugin.endpoints().get(0).get(jane(), Map.of());
        assertEquals(2, sites.size(), sites.toString());
        Map<String, Object> acme = sites.get(0);
        assertEquals(ACME, acme.get("id"));
        assertEquals("Acme", acme.get("name"));
        assertEquals("https://acme.atlassian.net", acme.get("url"));
        assertEquals(List.of("confluence", "jira"), acme.get("products"), "one id, two entries, told apart by scopes");
        assertEquals(List.of("jira"), sites.get(1).get("products"));

        int asked = resourceRequests();
        plugin.endpoints().get(0).get(jane(), Map.of());
        assertEquals(asked, resourceRequests(), "read again only after 15 minutes");

        atlassian.removeFromGrant(JANE, BETA);
        clock.advance(Duration.ofMinutes(16));
        sites = (List<Map<String, Object>>) plugin.endpoints().get(0).get(jane(), Map.of());
        assertEquals(List.of(ACME), sites.stream().map(s -> s.get("id")).toList());
    }

    @Test
    void aNewConsentReadsTheSitesAgainAtOnce() throws Exception {
        plugin.endpoints().get(0).get(jane(), Map.of());
        int asked = resourceRequests();
        atlassian.removeFromGrant(JANE, BETA);
        token = consent(JANE, AtlassianPlugin.DEFAULT_SCOPES);
        plugin.endpoints().get(0).get(jane(), Map.of());
        assertEquals(asked + 1, resourceRequests());
    }

    private int resourceRequests() {
        return (int) atlassian.requests().stream()
                .filter(r -> r.path().equals("/oauth/token/accessible-resources"))
                .count();
    }

    @Test
    void theWidgetMergesTheOpenIssuesOfEverySiteNewestFirst() {
        WidgetContent content = plugin.widgets().get(0).load(jane());
        assertEquals(
                List.of("ACME-1 Fix the login page", "BETA-7 Beta crash on start", "ACME-2 Write the release notes"),
                content.items().stream().map(WidgetItem::title).toList(),
                "assigned to Jane, not done, across both sites, by last update");
        WidgetItem first = content.items().get(0);
        assertEquals(new ItemStatus("In Progress", ItemStatus.Tone.ACTIVE), first.status());
        assertEquals(URI.create("https://acme.atlassian.net/browse/ACME-1"), first.link());
        assertEquals("High · Acme", first.subtitle());
        assertEquals(T0.plusSeconds(300), first.timestamp());
        assertEquals(ItemStatus.Tone.NEUTRAL, content.items().get(1).status().tone());
        assertEquals(3, content.totalBadge());
    }

    @Test
    void oneFailingSiteIsANoteInTheWidgetNotAFailedWidget() {
        atlassian.down(BETA, true);
        WidgetContent content = plugin.widgets().get(0).load(jane());
        assertEquals("Beta: not available right now", content.items().get(0).title());
        assertEquals(ItemStatus.Tone.ATTENTION, content.items().get(0).status().tone());
        assertEquals(
                List.of("ACME-1 Fix the login page", "ACME-2 Write the release notes"),
                content.items().stream().skip(1).map(WidgetItem::title).toList());
        assertNull(content.totalBadge(), "not every site answered: no total");

        atlassian.garbage(BETA, true).down(BETA, false);
        assertEquals(3, plugin.widgets().get(0).load(jane()).items().size(), "garbage is that site's failure too");

        atlassian.down(ACME, true).garbage(BETA, false).down(BETA, true);
        assertEquals(
                UpstreamException.Kind.BAD_RESPONSE,
                assertThrows(
                                UpstreamException.class,
                                () -> plugin.widgets().get(0).load(jane()))
                        .kind(),
                "every site failed: the widget's own error");
    }

    @Test
    void theWidgetSpeaksGerman() {
        atlassian.down(BETA, true);
        WidgetContent content = plugin.widgets().get(0).load(jane(Locale.GERMAN));
        assertEquals("Beta: gerade nicht erreichbar", content.items().get(0).title());
    }

    @Test
    void aRefusedTokenIsARefusedConnectionEverywhere() {
        atlassian.expireAccessTokens();
        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                assertThrows(
                                UpstreamException.class,
                                () -> plugin.widgets().get(0).load(jane()))
                        .kind());
        store = new MemoryStore(); // the sites too must be read with the dead token
        assertEquals(
                UpstreamException.Kind.UNAUTHORIZED,
                assertThrows(UpstreamException.class, () -> search(0, "login", null))
                        .kind());
    }

    @Test
    void aRateLimitIsWaitedOutWhenShortAndReportedWhenLong() {
        atlassian.rateLimit(1, 1);
        long started = System.nanoTime();
        assertEquals(3, plugin.widgets().get(0).load(jane()).items().size());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 900, "waited as Retry-After said");

        store = new MemoryStore();
        atlassian.rateLimit(10, 120);
        UpstreamException limited = assertThrows(
                UpstreamException.class, () -> plugin.widgets().get(0).load(jane()));
        assertEquals(429, limited.status().orElseThrow());
        assertTrue(limited.getMessage().contains("120"), limited.getMessage());
    }

    @Test
    void scopeDoesNotMatchRightAfterConsentIsRetriedOnceAndIsNoDeadToken() {
        atlassian.scopeMismatch(1);
        assertEquals(3, plugin.widgets().get(0).load(jane()).items().size());

        store = new MemoryStore();
        atlassian.scopeMismatch(100);
        UpstreamException lacking = assertThrows(
                UpstreamException.class, () -> plugin.widgets().get(0).load(jane()));
        assertEquals(UpstreamException.Kind.BAD_RESPONSE, lacking.kind(), "the connection must not expire");
        assertTrue(lacking.getMessage().contains("scope"), lacking.getMessage());
        atlassian.scopeMismatch(0);
    }

    private SearchResult search(int provider, String term, String cursor) {
        return search(provider, term, 25, cursor);
    }

    private SearchResult search(int provider, String term, int limit, String cursor) {
        return plugin.searchProviders().get(provider).search(jane(), new SearchQuery(term, limit, cursor));
    }

    @Test
    void anIssueKeyGoesToThatIssue() {
        SearchResult found = search(0, "beta-7", null);
        assertEquals(1, found.entries().size());
        SearchEntry entry = found.entries().get(0);
        assertEquals("BETA-7 Beta crash on start", entry.title());
        assertEquals(URI.create("https://beta.atlassian.net/browse/BETA-7"), entry.link());
        assertEquals("To Do · Beta project · Beta", entry.subline());
        assertNull(found.nextCursor());
    }

    @Test
    void aKeyNoSiteHasIsSearchedAsText() {
        assertTrue(search(0, "NOPE-1", null).entries().isEmpty());
    }

    @Test
    void textSearchFindsTheWordsAndNoTermCanBreakTheQuery() {
        assertEquals(Set.of("ACME-1 Fix the login page"), titles(search(0, "login", null)));
        for (String hostile : List.of(
                "login\" OR project = BETA OR text ~ \"x",
                "login\\\" OR assignee = currentUser() ORDER BY key --",
                "\\",
                "\"",
                "login\nAND project = ACME")) {
            SearchResult result = search(0, hostile, null);
            assertFalse(titles(result).contains("BETA-8 Someone else's"), hostile);
        }
    }

    @Test
    void pagesCarryEachSitesOwnCursorUntilEverySiteIsDone() {
        for (int i = 10; i < 17; i++) {
            atlassian.issue(
                    i % 2 == 0 ? ACME : BETA,
                    (i % 2 == 0 ? "ACME-" : "BETA-") + i,
                    "Paged gadget " + i,
                    "To Do",
                    "new",
                    "Low",
                    BOB,
                    BOB,
                    T0.plusSeconds(1000 + i));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchResult page = search(0, "gadget", 4, cursor);
            assertTrue(page.entries().size() <= 4, "at most the limit");
            for (SearchEntry e : page.entries()) {
                assertTrue(seen.add(e.title()), "no entry twice: " + e.title());
            }
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(7, seen.size(), seen.toString());
        assertTrue(pages >= 2);
    }

    @Test
    void confluencePagesComeWithTheirSpaceAndAnExcerptWithoutMarkup() {
        SearchResult result = search(1, "login", null);
        assertEquals(
                List.of("Login improvements", "Runbook: login outage"),
                result.entries().stream().map(SearchEntry::title).toList());
        SearchEntry runbook = result.entries().get(1);
        assertTrue(runbook.subline().startsWith("Engineering · "), runbook.subline());
        assertFalse(runbook.subline().contains("@@@"), runbook.subline());
        assertFalse(runbook.title().contains("@@@"));
        assertTrue(
                runbook.link().toString().startsWith("https://acme.atlassian.net/wiki/"),
                runbook.link().toString());
        assertFalse(
                atlassian.requests().stream().anyMatch(r -> r.path().contains("/ex/confluence/" + BETA)),
                "Beta has no Confluence");
    }

    @Test
    void confluencePagesPageByCursor() {
        for (int i = 0; i < 9; i++) {
            atlassian.page(
                    ACME, "20" + i, "page", "ENG", "Gadget manual " + i, "About the gadget.", T0.plusSeconds(2000 + i));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchResult page = search(1, "gadget", 4, cursor);
            page.entries().forEach(e -> assertTrue(seen.add(e.title()), e.title()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(9, seen.size());
        assertEquals(3, pages);
    }

    @Test
    void pollingTellsOfAssignmentsAndOthersChangesInTheUsersTimeZone() {
        Poll first = poll(null);
        assertTrue(first.notifications().isEmpty(), "the first poll only marks where to start");
        assertNotNull(first.nextCursor());

        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        atlassian.assign(BETA, "BETA-8", JANE, BOB, now.plusSeconds(1));
        atlassian.update(ACME, "ACME-2", BOB, now.plusSeconds(2), "status", "To Do", "In Progress");
        atlassian.update(ACME, "ACME-1", JANE, now.plusSeconds(3), "summary", "Fix login", "Fix the login page");
        Poll second = poll(first.nextCursor());
        List<String> titles =
                second.notifications().stream().map(Notification::title).toList();
        assertEquals(2, titles.size(), titles.toString());
        assertTrue(titles.contains("Bob Builder assigned BETA-8 to you: Someone else's"), titles.toString());
        assertTrue(titles.contains("Bob Builder updated ACME-2: Write the release notes"), titles.toString());
        Notification updated = second.notifications().stream()
                .filter(n -> n.title().contains("ACME-2"))
                .findFirst()
                .orElseThrow();
        assertEquals("status: To Do → In Progress · Acme", updated.body());
        assertEquals("Bob Builder", updated.actor());
        assertEquals(URI.create("https://acme.atlassian.net/browse/ACME-2"), updated.link());

        Poll third = poll(second.nextCursor());
        assertTrue(
                third.notifications().stream().allMatch(n -> second.notifications().stream()
                        .anyMatch(s -> s.externalId().equals(n.externalId()))),
                "the overlap only repeats what Hearth keeps once");
        assertTrue(
                atlassian.requests().stream()
                        .filter(r -> r.path().endsWith("/search/jql"))
                        .anyMatch(r -> r.body().contains("updated >=")),
                "the poll asks for what was updated since");
    }

    /** Polls the Jira source as Hearth's poller does, with the user's store kept between polls. */
    private Poll poll(String cursor) {
        return plugin.notificationSources().get(0).poll(jane(), cursor);
    }

    @Test
    void webhooksAreRegisteredDeliveredSignedAndTurnedIntoTheSameNotifications() throws Exception {
        List<WebhookDelivery> received = new CopyOnWriteArrayList<>();
        HttpServer hearth = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hearth.createContext("/", exchange -> {
            Map<String, List<String>> query = new java.util.HashMap<>();
            query(exchange.getRequestURI()).forEach((k, v) -> query.put(k, List.of(v)));
            received.add(new WebhookDelivery(
                    query,
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hearth.start();
        try {
            context.publicUrl(
                            URI.create("http://127.0.0.1:" + hearth.getAddress().getPort()))
                    .setting(AtlassianPlugin.WEBHOOKS, "true");
            token = consent(JANE, AtlassianPlugin.DEFAULT_SCOPES + " manage:jira-webhook");
            Poll first = poll(null);
            assertEquals(1, atlassian.webhooks(ACME).size());
            assertEquals(1, atlassian.webhooks(BETA).size());
            assertTrue(atlassian
                    .webhooks(ACME)
                    .get(0)
                    .url()
                    .startsWith("http://127.0.0.1:" + hearth.getAddress().getPort()
                            + "/api/v1/plugins/atlassian/webhooks/jira?site=" + ACME));

            Instant when = Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    .plusSeconds(5);
            atlassian.assign(BETA, "BETA-8", JANE, BOB, when);
            WebhookDelivery delivery = awaitDelivery(received);
            List<PushedNotification> pushed = plugin.webhookReceivers().get(0).receive(delivery);
            assertEquals(1, pushed.size());
            assertEquals(1L, pushed.get(0).userId());
            assertEquals("jira", pushed.get(0).sourceId());
            assertEquals(
                    "Bob Builder assigned BETA-8 to you: Someone else's",
                    pushed.get(0).notification().title());

            Poll second = poll(first.nextCursor());
            assertEquals(
                    List.of(pushed.get(0).notification().externalId()),
                    second.notifications().stream()
                            .map(Notification::externalId)
                            .toList(),
                    "the poll brings the same item: Hearth keeps one");

            WebhookDelivery forged = new WebhookDelivery(
                    delivery.query(), Map.of("Authorization", List.of("Bearer " + forgedJwt())), delivery.body());
            EndpointProblem refused = assertThrows(
                    EndpointProblem.class,
                    () -> plugin.webhookReceivers().get(0).receive(forged));
            assertEquals(401, refused.status());
            assertThrows(EndpointProblem.class, () -> plugin.webhookReceivers()
                    .get(0)
                    .receive(new WebhookDelivery(delivery.query(), Map.of(), delivery.body())));

            // a week before the 30 days are up the poll refreshes the webhooks
            atlassian.advance(Duration.ofDays(24));
            clock.advance(Duration.ofDays(24));
            token = consent(JANE, AtlassianPlugin.DEFAULT_SCOPES + " manage:jira-webhook"); // an hour's token
            poll(second.nextCursor());
            assertTrue(
                    atlassian.requests().stream()
                            .anyMatch(r -> r.method().equals("PUT") && r.path().endsWith("/webhook/refresh")),
                    "refreshed");
            assertTrue(atlassian
                    .webhooks(ACME)
                    .get(0)
                    .expires()
                    .isAfter(atlassian.now().plus(Duration.ofDays(29))));
        } finally {
            hearth.stop(0);
        }
    }

    private static WebhookDelivery awaitDelivery(List<WebhookDelivery> received) throws InterruptedException {
        for (int i = 0; i < 100 && received.isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertFalse(received.isEmpty(), "Jira delivered");
        return received.get(0);
    }

    private static String forgedJwt() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(
                ("{\"iat\":" + Instant.now().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + b64.encodeToString(new byte[32]);
    }

    @Test
    void aWebhookThatCannotBeRegisteredLeavesPollingWorkingAndIsTriedAgainHoursLater() {
        context.publicUrl(URI.create("https://hearth.example"))
                .setting(AtlassianPlugin.WEBHOOKS, "true"); // but the token lacks manage:jira-webhook
        Poll first = poll(null);
        assertNotNull(first.nextCursor(), "the poll itself succeeds");
        assertTrue(atlassian.webhooks(ACME).isEmpty());
        assertTrue(
                context.logged().stream().anyMatch(l -> l.contains("could not be registered")),
                context.logged().toString());
        long attempts = registrations();
        poll(first.nextCursor());
        assertEquals(attempts, registrations(), "not again at the next poll");
        clock.advance(Duration.ofHours(7));
        poll(first.nextCursor());
        assertTrue(registrations() > attempts, "again after six hours");
    }

    private long registrations() {
        return atlassian.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/rest/api/3/webhook"))
                .count();
    }

    @Test
    void webhooksStayOffUntilTheAdministratorTurnsThemOnAndHearthKnowsItsAddress() {
        poll(null);
        context.setting(AtlassianPlugin.WEBHOOKS, "true");
        poll(null);
        assertTrue(atlassian.webhooks(ACME).isEmpty(), "no public URL: nothing Jira could reach");
    }

    @Test
    void keepsThePluginContractOnTheSamples() {
        String json = "application/json";
        try (FakeUpstream samples = FakeUpstream.start()
                .answer(
                        "GET",
                        "/oauth/token/accessible-resources",
                        200,
                        json,
                        sample("accessible-resources-jira-and-confluence.json"))
                .answer("GET", "/me", 200, json, sample("me.json"))
                .answer("GET", "/ex/jira/" + ACME + "/rest/api/3/myself", 200, json, sample("jira-myself.json"))
                .answer(
                        "POST",
                        "/ex/jira/" + ACME + "/rest/api/3/search/jql",
                        200,
                        json,
                        sample("jira-search-jql.json"))
                .answer("GET", "/ex/jira/" + ACME + "/rest/api/3/issue/EX-1", 200, json, sample("jira-issue.json"))
                .answer(
                        "GET",
                        "/ex/confluence/" + ACME + "/wiki/rest/api/search",
                        200,
                        json,
                        sample("confluence-search-cql.json"))) {
            PluginContract.of(plugin, context)
                    .connection(
                            samples,
                            "112233aa-bb11-cc22-33dd-445566abcabc",
                            "Mia Krystof",
                            new Credential.OAuth2(
                                    "at-sample", "rt-sample", Instant.now().plusSeconds(3600)))
                    .verify();
        }
    }

    private static String sample(String name) {
        try (InputStream in = AtlassianKitTest.class.getResourceAsStream("/atlassian/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static Set<String> titles(SearchResult result) {
        Set<String> titles = new HashSet<>();
        result.entries().forEach(e -> titles.add(e.title()));
        return titles;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
