package dev.hearth.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web UI in Debian's chromium (driven by Playwright, which downloads no browser), against Hearth on Payara Micro
 * with the fake Nextcloud. Every test leaves screenshots in {@code target/screenshots}.
 */
@Order(20)
@ExtendWith(SharedHearth.class)
class BrowserIT {

    private static final Path SHOTS = Path.of(System.getProperty("hearth.screenshots", "target/screenshots"));
    private static final AtomicInteger SHOT = new AtomicInteger();

    private static Playwright playwright;
    private static Browser browser;

    private final Api api = SharedHearth.api();
    private final FakeNextcloud nextcloud = SharedHearth.nextcloud();
    private final List<BrowserContext> contexts = new ArrayList<>();
    private String test;

    @BeforeAll
    static void launch() throws Exception {
        Files.createDirectories(SHOTS);
        try (var old = Files.list(SHOTS)) {
            for (Path shot : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.delete(shot);
            }
        }
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void close() {
        contexts.forEach(BrowserContext::close);
    }

    private Page page(String locale) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setLocale(locale)
                .setViewportSize(1280, 860)
                .setBaseURL(SharedHearth.server().uri("/").toString()));
        context.setDefaultTimeout(20_000);
        contexts.add(context);
        return context.newPage();
    }

    private void shot(Page page, String what) {
        page.screenshot(new Page.ScreenshotOptions()
                .setFullPage(true)
                .setPath(SHOTS.resolve(String.format("%02d-%s-%s.png", SHOT.incrementAndGet(), test, what))));
    }

    private static void signIn(Page page, String username) {
        page.getByLabel(Pattern.compile("Username|Benutzername")).fill(username);
        page.getByLabel(Pattern.compile("^(Password|Passwort)$")).fill(username + "-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Sign in|Anmelden")))
                .click();
    }

    private Locator widget(Page page, String title) {
        return page.locator("hearth-widget")
                .filter(new Locator.FilterOptions()
                        .setHas(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(title))));
    }

    private static List<FakeNextcloud.Room> rooms(String self, String name) {
        long now = Instant.now().getEpochSecond();
        List<FakeNextcloud.Room> rooms = new ArrayList<>(TalkAccounts.mixedRooms(self, name));
        rooms.add(new FakeNextcloud.Room(
                "report12",
                2,
                "Quarterly report review",
                "Quarterly report review",
                0,
                false,
                now - 900,
                false,
                new FakeNextcloud.Message(
                        97, "users", "bob", "Bob Test", now - 900, "Figures are in", Map.of(), "comment", "")));
        return rooms;
    }

    @Test
    void anUnauthenticatedVisitSignsInAndComesBack() throws Exception {
        TalkAccounts.user(api, "web-sid");
        Page page = page("en-US");

        page.navigate("/settings/connections");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Hearth")))
                .isVisible();
        assertTrue(page.url().contains("/login?next=%2Fsettings%2Fconnections"), page.url());
        shot(page, "sign-in");
        page.getByLabel("Username").fill("web-sid");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("wrong-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong username or password.");
        shot(page, "wrong-password");

        signIn(page, "web-sid");

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Connected accounts")))
                .isVisible();
        assertTrue(page.url().endsWith("/settings/connections"), page.url());
    }

    @Test
    void theDashboardShowsTheTalkWidgetWithItsRowsAndBadge() throws Exception {
        TalkAccounts.connected(api, nextcloud, "web-wanda", "Wanda Web");
        nextcloud.rooms("web-wanda", rooms("web-wanda", "Wanda Web"));
        Page page = page("en-US");
        page.navigate("/");
        signIn(page, "web-wanda");

        Locator talk = widget(page, "Nextcloud Talk");
        Locator rows = talk.getByRole(AriaRole.LISTITEM);
        assertThat(rows).hasCount(3);
        assertThat(rows.nth(0)).containsText("Project Alpha");
        assertThat(rows.nth(0)).containsText("Carol Test: @Wanda Web please check budget.xlsx");
        assertThat(rows.nth(0)).containsText("1 minute ago");
        assertThat(rows.nth(0).locator(".badge")).hasText("4");
        assertThat(rows.nth(1)).containsText("Bob Test");
        assertEquals(0, rows.nth(1).locator(".badge").count(), "no unread badge when nothing is unread");
        assertThat(rows.nth(2)).containsText("Carol Test added Bob Test");
        assertThat(talk.locator("header .badge")).hasText("7");
        assertEquals(
                nextcloud.uri() + "/index.php/call/alpha123",
                rows.nth(0).locator("a").getAttribute("href"));
        assertEquals("_blank", rows.nth(0).locator("a").getAttribute("target"));
        assertThat(widget(page, "Painted canvas")).containsText("Painted by the plugin: red, blue");
        assertThat(widget(page, "Linked items")).containsText("Connect your Linked Service account");
        shot(page, "dashboard");
    }

    @Test
    void upstreamTextIsShownAsTextNeverAsMarkup() throws Exception {
        TalkAccounts.connected(api, nextcloud, "web-xena", "Xena Xss");
        long now = Instant.now().getEpochSecond();
        nextcloud.rooms(
                "web-xena",
                List.of(new FakeNextcloud.Room(
                        "xss12345",
                        2,
                        "<script>alert('pwned')</script>",
                        "<script>alert('pwned')</script>",
                        3,
                        false,
                        now - 60,
                        false,
                        new FakeNextcloud.Message(
                                96,
                                "users",
                                "mallory",
                                "<img src=x onerror=alert(1)>",
                                now - 60,
                                "<b>bold?</b> {file}",
                                Map.of("file", Map.of("type", "file", "id", "7", "name", "<svg onload=alert(2)>")),
                                "comment",
                                ""))));
        List<String> dialogs = new ArrayList<>();
        Page page = page("en-US");
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        page.navigate("/");
        signIn(page, "web-xena");

        Locator talk = widget(page, "Nextcloud Talk");
        Locator row = talk.getByRole(AriaRole.LISTITEM).first();
        assertThat(row).containsText("<script>alert('pwned')</script>");
        assertThat(row).containsText("<img src=x onerror=alert(1)>: <b>bold?</b> <svg onload=alert(2)>");
        assertEquals(0, talk.locator("script, img[src=x], b, svg[onload]").count(), "nothing became markup");
        shot(page, "upstream-markup");

        // A plugin may hand the dashboard any link: one that is not http(s) never becomes an href.
        page.evaluate(
                "() => { const w = document.querySelector('hearth-app').shadowRoot.querySelector('hearth-dashboard')"
                        + ".shadowRoot.querySelector('hearth-widget'); w.result = {...w.result, items: [{id: 'x', title: 'Click me',"
                        + " subtitle: null, link: 'javascript:alert(3)', iconUrl: 'javascript:alert(4)', timestamp: null, badge: 0}]}; }");
        assertThat(talk.getByRole(AriaRole.LISTITEM).first()).containsText("Click me");
        assertEquals(
                null, talk.getByRole(AriaRole.LISTITEM).first().locator("a").getAttribute("href"));
        talk.getByRole(AriaRole.LISTITEM).first().click();
        shot(page, "plugin-link-not-http");
        assertEquals(List.of(), dialogs, "no script ran");
    }

    @Test
    void aWidgetWithoutConnectionOffersToConnectAndLoginFlowV2ConnectsFromTheSettingsPage() throws Exception {
        TalkAccounts.user(api, "web-lena");
        nextcloud.addUser("web-lena", "Lena Login");
        Page page = page("en-US");
        page.navigate("/");
        signIn(page, "web-lena");

        Locator talk = widget(page, "Nextcloud Talk");
        assertThat(talk).containsText("Connect your Nextcloud Talk account to see this.");
        assertThat(talk.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect with Nextcloud")))
                .isVisible();
        shot(page, "not-connected");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Account menu"))
                .click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Connected accounts"))
                .click();
        Locator card = page.locator("article[data-plugin='nextcloud-talk']");
        assertThat(card).containsText("Not connected");
        Page login = page.waitForPopup(
                () -> card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect with Nextcloud"))
                        .click());
        login.waitForURL(Pattern.compile(".*/index\\.php/login/v2/flow/.*"));
        assertThat(card).containsText("Waiting");
        shot(page, "login-flow-waiting");

        nextcloud.grantLogin(login.url(), "web-lena");

        assertThat(card)
                .containsText(
                        "Connected as Lena Login",
                        new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                                .setTimeout(20_000));
        assertThat(card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disconnect")))
                .isVisible();
        shot(page, "connected");

        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disconnect"))
                .click();
        assertThat(card.getByRole(AriaRole.ALERTDIALOG)).containsText("Disconnect Nextcloud Talk?");
        shot(page, "disconnect-confirm");
        card.getByRole(AriaRole.ALERTDIALOG)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disconnect"))
                .click();
        assertThat(card).containsText("Not connected");
    }

    @Test
    void oauthLeavesForTheUpstreamAndComesBackConnectedAndATokenConnectsByForm() throws Exception {
        TalkAccounts.user(api, "web-olga");
        SharedHearth.upstream().consentingUser = "Olga at OAuthy";
        Page page = page("en-US");
        page.navigate("/settings/connections");
        signIn(page, "web-olga");

        page.locator("article[data-plugin='oauthy']")
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect with OAuthy"))
                .click();

        page.waitForURL(Pattern.compile(".*/settings/connections$"));
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("OAuthy is connected.");
        assertThat(page.locator("article[data-plugin='oauthy']")).containsText("Connected as Olga at OAuthy");

        Locator linked = page.locator("article[data-plugin='linked']");
        linked.getByRole(
                        AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect with a personal access token"))
                .click();
        linked.getByLabel("Server address").fill(SharedHearth.upstream().uri().toString());
        linked.getByLabel("Access token").fill("not-the-right-token");
        linked.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Connect").setExact(true))
                .click();
        assertThat(linked.getByRole(AriaRole.ALERT)).containsText("Connecting Linked Service failed");
        shot(page, "token-refused");
        linked.getByLabel("Access token").fill(FakeUpstream.GOOD_TOKEN);
        linked.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Connect").setExact(true))
                .click();
        assertThat(linked).containsText("Connected as Jane Doe");
        shot(page, "connected-accounts");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Account menu"))
                .click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Hearth")))
                .isVisible();
        page.navigate("/");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Hearth")))
                .isVisible();
    }

    @Test
    void anOpenProjectTokenConnectsThenTheWidgetAndTheHeaderSearchShowWorkPackages() throws Exception {
        dev.hearth.openproject.FakeOpenProject openproject = SharedHearth.openproject();
        openproject
                .user(901, "Wanda", "Webb", "wanda")
                .apiToken("opapi-wanda-in-the-browser", 901)
                .project(9, "launch", "Product launch")
                .workPackage(9001, 9, "Write the press release", "Task", "In progress", 901)
                .workPackage(9002, 9, "Book the launch venue", "Milestone", "New", null);
        Instant t = Instant.now().minusSeconds(3600);
        openproject.notify(901, 9001, "mentioned", null, t);
        openproject.notify(901, 9001, "commented", null, t.plusSeconds(60));
        openproject.notify(901, 9002, "dateAlert", null, t.plusSeconds(120));
        api.createUser("web-olivia-op", "web-olivia-op-password", "user");
        Page page = page("en-US");
        page.navigate("/settings/connections");
        signIn(page, "web-olivia-op");

        Locator card = page.locator("article[data-plugin='openproject']");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect with an API token"))
                .click();
        card.getByLabel("Server address").fill(openproject.uri().toString());
        card.getByLabel("Access token").fill("opapi-wanda-in-the-browser");
        card.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Connect").setExact(true))
                .click();
        assertThat(card).containsText("Connected as Wanda Webb");
        shot(page, "openproject-connected");

        page.navigate("/");
        Locator widget = widget(page, "OpenProject");
        assertThat(widget.getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(Pattern.compile("#9002 Book the launch venue"))))
                .isVisible();
        assertThat(widget).containsText("#9001 Write the press release");
        assertThat(widget).containsText("Product launch · commented, mentioned");
        shot(page, "openproject-widget");

        page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Search"))
                .fill("#9001");
        Locator found = page.locator("section[data-provider='openproject/work-packages']");
        assertThat(found.getByRole(AriaRole.OPTION).first()).containsText("#9001 Write the press release");
        assertThat(found.getByRole(AriaRole.OPTION).first()).containsText("In progress · Task · Product launch");
        shot(page, "openproject-search");

        Page german = page("de-DE");
        german.navigate("/");
        signIn(german, "web-olivia-op");
        Locator deutsch = widget(german, "OpenProject");
        assertThat(deutsch).containsText("Product launch · kommentiert, erwähnt");
        assertThat(deutsch).containsText("Alle Benachrichtigungen");
        shot(german, "openproject-widget-de");
    }

    @Test
    void atlassianConnectsThroughItsConsentPageThenTheJiraWidgetAndSearchShowIssuesAndPages() throws Exception {
        dev.hearth.atlassian.FakeAtlassian atlassian = SharedHearth.atlassian();
        String account = "5b10a2844c20165700ede99b";
        Instant t = Instant.now().minusSeconds(7200);
        atlassian
                .account(account, "Wendy Weber", "wendy@example.com", "Europe/Berlin")
                .grantSites(account, AtlassianIT.ACME, AtlassianIT.BETA)
                .project(AtlassianIT.ACME, "WEB", "Website")
                .issue(
                        AtlassianIT.ACME,
                        "WEB-1",
                        "Redesign the <b>landing</b> page",
                        "In Progress",
                        "indeterminate",
                        "High",
                        account,
                        account,
                        t.plusSeconds(60))
                .issue(AtlassianIT.BETA, "WEB-2", "Fix the footer", "To Do", "new", "Low", account, account, t)
                .space(AtlassianIT.ACME, "WWW", "Web team")
                .page(AtlassianIT.ACME, "7001", "page", "WWW", "Footer style guide", "How the footer looks.", t);
        atlassian.signedInAs(account);
        api.createUser("web-wendy", "web-wendy-password", "user");
        Page page = page("en-US");
        page.navigate("/settings/connections");
        signIn(page, "web-wendy");

        page.locator("article[data-plugin='atlassian']")
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect to Atlassian"))
                .click();
        page.waitForURL(Pattern.compile(".*/authorize.*"));
        shot(page, "atlassian-consent");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept"))
                .click();
        page.waitForURL(Pattern.compile(".*/settings/connections$"));
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Atlassian is connected.");
        assertThat(page.locator("article[data-plugin='atlassian']")).containsText("Connected as Wendy Weber");
        shot(page, "atlassian-connected");

        page.navigate("/");
        Locator widget = widget(page, "Jira");
        Locator first = widget.getByRole(AriaRole.LINK).first();
        assertThat(first).containsText("WEB-1 Redesign the <b>landing</b> page");
        assertThat(first.locator(".status")).hasText("In Progress");
        assertThat(widget.getByRole(AriaRole.LINK).nth(1)).containsText("WEB-2 Fix the footer");
        assertThat(widget).containsText("High · Acme");
        shot(page, "atlassian-widget");

        page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Search"))
                .fill("footer");
        Locator issues = page.locator("section[data-provider='atlassian/jira-issues']");
        assertThat(issues.getByRole(AriaRole.OPTION).first()).containsText("WEB-2 Fix the footer");
        Locator pages = page.locator("section[data-provider='atlassian/confluence-pages']");
        assertThat(pages.getByRole(AriaRole.OPTION).first()).containsText("Footer style guide");
        assertThat(pages.getByRole(AriaRole.OPTION).first()).containsText("Web team");
        shot(page, "atlassian-search");

        Page german = page("de-DE");
        german.navigate("/");
        signIn(german, "web-wendy");
        german.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Suche"))
                .fill("footer");
        assertThat(german.locator("section[data-provider='atlassian/jira-issues']"))
                .containsText("Jira-Vorgänge");
        assertThat(german.locator("section[data-provider='atlassian/confluence-pages']"))
                .containsText("Confluence-Seiten");
        shot(german, "atlassian-search-de");
        german.navigate("/settings/connections");
        assertThat(german.locator("article[data-plugin='atlassian']")).containsText("Verbunden als Wendy Weber");
    }

    @Test
    void searchShowsResultsGroupedByProviderAsTheyArrive() throws Exception {
        String token = TalkAccounts.connected(api, nextcloud, "web-sara", "Sara Search");
        nextcloud.rooms("web-sara", rooms("web-sara", "Sara Search"));
        Api.Reply linked = api.send(
                "POST",
                "/api/v1/connections/linked",
                token,
                Json.createObjectBuilder()
                        .add("flow", "token")
                        .add("token", FakeUpstream.GOOD_TOKEN)
                        .add("instanceUrl", SharedHearth.upstream().uri().toString())
                        .build()
                        .toString());
        assertEquals(201, linked.status(), linked::toString);
        Page page = page("en-US");
        page.navigate("/");
        signIn(page, "web-sara");

        page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Search"))
                .fill("report");

        Locator talk = page.locator("section[data-provider='nextcloud-talk/conversations']");
        Locator docs = page.locator("section[data-provider='linked/docs']");
        assertThat(talk.getByRole(AriaRole.OPTION)).hasCount(1);
        assertThat(talk.getByRole(AriaRole.OPTION)).containsText("Quarterly report review");
        assertThat(talk.getByRole(AriaRole.OPTION)).containsText("Bob Test: Figures are in");
        assertThat(docs.getByRole(AriaRole.OPTION)).hasCount(4);
        assertThat(page.locator("section[data-provider='slowpoke/hang'] .spinner"))
                .isVisible();
        shot(page, "search-while-one-provider-hangs");
        page.getByRole(AriaRole.COMBOBOX).press("ArrowDown");
        assertThat(talk.getByRole(AriaRole.OPTION).first()).hasAttribute("aria-selected", "true");
        assertThat(page.locator("section[data-provider='slowpoke/hang']"))
                .containsText(
                        "took too long",
                        new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                                .setTimeout(15_000));
        shot(page, "search-done");
    }

    @Test
    void aNotificationArrivesLiveInTheBell() throws Exception {
        TalkAccounts.connected(api, nextcloud, "web-nils", "Nils Notified");
        Page page = page("en-US");
        page.navigate("/");
        signIn(page, "web-nils");
        Locator bell = page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Notifications, \\d+ unread")));
        assertThat(bell).hasAccessibleName("Notifications, 0 unread");

        nextcloud.mention("web-nils", "carol", "alpha123", "Project Alpha", "can you look at this?");

        assertThat(bell)
                .hasAccessibleName(
                        "Notifications, 1 unread",
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasAccessibleNameOptions()
                                .setTimeout(30_000));
        bell.click();
        Locator panel = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Notifications"));
        assertThat(panel).containsText("Carol Test mentioned you in conversation Project Alpha");
        assertThat(panel).containsText("@Nils Notified can you look at this?");
        shot(page, "notification");
        panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Mark read"))
                .click();
        assertThat(bell).hasAccessibleName("Notifications, 0 unread");
    }

    @Test
    void anAdministratorChangesAPluginSetting() throws Exception {
        Page page = page("en-US");
        page.navigate("/admin/plugins");
        page.getByLabel("Username").fill("admin");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(HearthServer.ADMIN_PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();

        Locator hello = page.locator("article[data-plugin='hello'][data-state='running']");
        hello.locator("summary").click();
        hello.getByLabel("Greeting").fill("Grüß Gott");
        assertThat(hello.getByLabel("API key")).hasAttribute("type", "password");
        Locator talk = page.locator("article[data-plugin='nextcloud-talk']");
        talk.locator("summary").click();
        assertThat(talk)
                .containsText(SharedHearth.server()
                        .uri("/api/v1/connections/nextcloud-talk/callback")
                        .toString());
        assertThat(page.getByRole(AriaRole.NOTE)).containsText("installing one is deploying code");
        shot(page, "admin-plugins");
        hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save"))
                .click();

        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Hello World: Saved.");
        assertThat(hello.getByLabel("Greeting")).hasValue("Grüß Gott");
        assertThat(hello.getByLabel("Server URL")).hasValue("https://hello.example/greetings/");
        hello.getByLabel("Server URL").fill("ftp://hello.example/");
        hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save"))
                .click();
        assertThat(hello.locator(".field-error").first()).containsText("must be an absolute http or https URL");
        shot(page, "admin-invalid-setting");
        hello.getByLabel("Server URL").fill("https://hello.example/greetings/");
        hello.getByLabel("Verbose").check();
        hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save"))
                .click();
        Map<String, jakarta.json.JsonObject> settings = new java.util.HashMap<>();
        Eventually.eventually("the second save", () -> {
            try {
                api.get("/api/v1/admin/plugins/hello", api.adminToken())
                        .json()
                        .getJsonArray("settings")
                        .forEach(v -> settings.put(v.asJsonObject().getString("name"), v.asJsonObject()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return "true".equals(settings.get("verbose").getString("value", null));
        });
        assertThat(hello.getByLabel("Server URL")).hasValue("https://hello.example/greetings/");
        assertEquals("Grüß Gott", settings.get("greeting").getString("value"));
        assertEquals("config", settings.get("url").getString("source"), "saving twice did not clear untouched fields");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Users"))
                .click();
        assertThat(page.locator("tr[data-user='admin']")).isVisible();
        shot(page, "admin-users");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connections"))
                .click();
        assertThat(page.locator("table")).containsText("Nextcloud Talk");
        shot(page, "admin-connections");
    }

    @Test
    void anAdministratorMakesASystemTokenSeesItOnceAndDeletesIt() throws Exception {
        Page page = page("en-US");
        page.navigate("/admin/authentication");
        page.getByLabel("Username").fill("admin");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(HearthServer.ADMIN_PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("System API tokens")))
                .isVisible();
        Locator form = page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("New token"));
        form.getByLabel("Name").fill("Browser SCIM");
        form.getByLabel("Valid for").selectOption("P7D");
        form.getByLabel("Read (api_read)").check();
        form.getByLabel("Administration (admin)").check();
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create token"))
                .click();

        Locator made = page.locator("code[data-token]");
        assertThat(made).containsText("hst_");
        String token = made.textContent().strip();
        assertEquals(200, api.get("/api/v1/admin/users", token).status(), "the token shown works");
        Locator row = page.locator("tr[data-token-name='Browser SCIM']");
        assertThat(row).containsText("hst_…" + token.substring(token.length() - 4));
        assertThat(row).containsText("api_read");
        shot(page, "system-token-made");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I have copied it"))
                .click();
        assertThat(page.locator("code[data-token]")).hasCount(0);
        page.reload();
        assertThat(row).not().containsText("Never"); // used once above
        assertFalse(page.content().contains(token), "shown once: never again");

        try (java.sql.Connection db = SharedHearth.server().database()) {
            db.createStatement()
                    .executeUpdate("update api_token set expires_at = utc_timestamp(6) - interval 1 second"
                            + " where name = 'Browser SCIM'");
        }
        page.reload();
        assertThat(row.locator(".status")).hasText("expired");
        shot(page, "system-token-expired");
        page.onceDialog(dialog -> dialog.accept());
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete"))
                .click();
        assertThat(row).hasCount(0);
        assertEquals(401, api.get("/api/v1/me", token).status());
    }

    @Test
    void aUserMakesAPersonalTokenInGerman() throws Exception {
        api.createUser("web-petra", "web-petra-password", "user");
        Page page = page("de-DE");
        page.navigate("/settings/tokens");
        signIn(page, "web-petra");

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("API-Tokens")))
                .isVisible();
        assertThat(page.getByLabel("Verwaltung (admin)")).hasCount(0);
        page.getByLabel("Name").fill("Laptop");
        page.getByLabel("Lesen (api_read)").check();
        page.getByLabel("Schreiben (api_write)").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Token erstellen"))
                .click();

        assertThat(page.locator("code[data-token]")).containsText("hpt_");
        assertThat(page.getByText("Es wird nur dieses eine Mal angezeigt")).isVisible();
        Locator row = page.locator("tr[data-token-name='Laptop']");
        assertThat(row).containsText("Nie");
        shot(page, "personal-token-made");
        assertEquals(
                "web-petra",
                api.get(
                                "/api/v1/me",
                                page.locator("code[data-token]").textContent().strip())
                        .json()
                        .getString("username"));
    }

    @Test
    void anApplicationIsRegisteredThenAUserSignsInAllowsItAndRevokesIt() throws Exception {
        Page admin = page("en-US");
        admin.navigate("/admin/authentication");
        admin.getByLabel("Username").fill("admin");
        admin.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
                .fill(HearthServer.ADMIN_PASSWORD);
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        Locator register =
                admin.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Register an application"));
        register.getByLabel("Name").fill("Team Wiki");
        register.getByLabel("Redirect URIs").fill("http://127.0.0.1:9/wiki/callback");
        register.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Register"))
                .click();
        assertThat(admin.locator("code[data-client-secret]")).containsText("hcs_");
        String clientId = admin.locator("code[data-client-id]").textContent().strip();
        String secret = admin.locator("code[data-client-secret]").textContent().strip();
        assertThat(admin.locator("tr[data-client='Team Wiki']")).containsText(clientId);
        shot(admin, "oauth-client-registered");

        api.createUser("web-carla", "web-carla-password", "user");
        Page page = page("en-US");
        List<String> returned = new ArrayList<>();
        page.route("http://127.0.0.1:9/**", route -> {
            returned.add(route.request().url());
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                    .setStatus(200)
                    .setBody("back at the wiki"));
        });
        String verifier = "v".repeat(50);
        String challenge = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        page.navigate("/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fwiki%2Fcallback&scope=openid%20profile%20api_read"
                + "&state=wiki-state&code_challenge=" + challenge + "&code_challenge_method=S256");
        signIn(page, "web-carla");
        assertThat(page.getByRole(
                        AriaRole.HEADING,
                        new Page.GetByRoleOptions().setName("Team Wiki wants to use your Hearth account")))
                .isVisible();
        assertThat(page.locator("li[data-scope='api_read']"))
                .hasText("Read your dashboard, connected accounts, search results and notifications");
        shot(page, "oauth-consent");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow"))
                .click();
        page.waitForURL("http://127.0.0.1:9/**");
        assertThat(page.locator("body")).containsText("back at the wiki");
        assertEquals(1, returned.size(), returned::toString);
        assertTrue(
                returned.get(0).contains("code=hac_") && returned.get(0).contains("state=wiki-state"),
                returned::toString);

        String code = java.net.URLDecoder.decode(
                returned.get(0).replaceAll(".*[?&]code=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        Api.Reply exchanged = api.send(api.request("/oauth2/token")
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((clientId + ":" + secret)
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
                        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fwiki%2Fcallback&code_verifier=" + verifier))
                .build());
        assertEquals(200, exchanged.status(), exchanged::toString);
        String access = exchanged.json().getString("access_token");
        assertEquals("web-carla", api.get("/api/v1/me", access).json().getString("username"));

        page.navigate("/settings/applications");
        Locator app = page.locator("article[data-application='Team Wiki']");
        assertThat(app).containsText("See your name and username");
        shot(page, "authorized-applications");
        page.onceDialog(dialog -> dialog.accept());
        app.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke access"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("“Team Wiki” no longer has access.");
        assertThat(app).hasCount(0);
        assertEquals(401, api.get("/api/v1/me", access).status(), "revoked: the application is signed out");
    }

    @Test
    void theConsentPageSpeaksGermanAndDenyingGoesBackWithAccessDenied() throws Exception {
        RegisteredClient client = RegisteredClient.register(api, "Kalender", "http://127.0.0.1:9/kalender");
        api.createUser("web-dieter", "web-dieter-password", "user");
        Page page = page("de-DE");
        List<String> returned = new ArrayList<>();
        page.route("http://127.0.0.1:9/**", route -> {
            returned.add(route.request().url());
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                    .setStatus(200)
                    .setBody("zurück"));
        });
        page.navigate("/oauth2/authorize?response_type=code&client_id=" + client.clientId()
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fkalender&scope=email%20api_write&state=k");
        signIn(page, "web-dieter");
        assertThat(page.getByRole(
                        AriaRole.HEADING,
                        new Page.GetByRoleOptions().setName("Kalender möchte dein Hearth-Konto nutzen")))
                .isVisible();
        assertThat(page.locator("li[data-scope='email']")).hasText("Deine E-Mail-Adresse sehen");
        shot(page, "oauth-consent-de");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ablehnen"))
                .click();
        page.waitForURL("http://127.0.0.1:9/**");
        assertTrue(
                returned.get(0).contains("error=access_denied")
                        && returned.get(0).contains("state=k"),
                returned::toString);

        page.navigate("/oauth2/authorize?response_type=code&client_id=" + client.clientId()
                + "&redirect_uri=https%3A%2F%2Fevil.example%2F&scope=email");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("https://evil.example/");
        shot(page, "oauth-bad-redirect");
    }

    @Test
    void theSignInPageOffersTheExternalProviderAndComesBackSignedIn() throws Exception {
        SharedHearth.oidc()
                .signsIn(Map.of("sub", "web-xavier-1", "preferred_username", "web-xavier", "name", "Xavier External"));
        Page page = page("en-US");
        page.navigate("/settings/connections");
        Locator button = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Example ID"));
        assertThat(button).isVisible();
        assertThat(page.getByText("or with your Hearth password")).isVisible();
        shot(page, "sign-in-choices");
        button.click();
        page.waitForURL("**/settings/connections");
        assertThat(page.locator("header")).containsText("Xavier External");
        shot(page, "signed-in-through-provider");

        SharedHearth.oidc().nextFlaw(FakeOidc.Flaw.WRONG_AUDIENCE);
        Page german = page("de-DE");
        german.navigate("/");
        german.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Mit Example ID anmelden"))
                .click();
        assertThat(german.getByRole(AriaRole.ALERT))
                .hasText("Die Anmeldung über den Anbieter hat nicht funktioniert. Versuche es erneut oder wende dich an"
                        + " die Administration.");
        shot(german, "sign-in-failed-de");
    }

    /** A confidential application registered through the API. */
    private record RegisteredClient(String clientId) {
        static RegisteredClient register(Api api, String name, String redirect) throws Exception {
            Api.Reply made = api.send(
                    "POST",
                    "/api/v1/admin/oauth2/clients",
                    api.adminToken(),
                    "{\"name\":\"" + name + "\",\"redirectUris\":[\"" + redirect + "\"],\"confidential\":true}");
            assertEquals(201, made.status(), made::toString);
            return new RegisteredClient(made.json().getString("clientId"));
        }
    }

    @Test
    void anExpiredConnectionAsksToReconnectInTheDarkToo() throws Exception {
        TalkAccounts.connected(api, nextcloud, "web-dora", "Dora Dark");
        nextcloud.revokeAppPasswords("web-dora");
        BrowserContext dark = browser.newContext(new Browser.NewContextOptions()
                .setLocale("en-US")
                .setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK)
                .setViewportSize(1280, 860)
                .setBaseURL(SharedHearth.server().uri("/").toString()));
        contexts.add(dark);
        Page page = dark.newPage();
        page.navigate("/");
        signIn(page, "web-dora");

        Locator talk = widget(page, "Nextcloud Talk");
        assertThat(talk).containsText("Your Nextcloud Talk connection has expired.");
        assertThat(talk.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Connect with Nextcloud")))
                .isVisible();
        assertEquals(
                "rgb(27, 26, 25)",
                page.evaluate("() => getComputedStyle(document.querySelector('hearth-app'))" + ".backgroundColor"),
                "the dark page colour");
        shot(page, "expired-dark");
    }

    @Test
    void aGermanBrowserGetsGermanStrings() throws Exception {
        TalkAccounts.user(api, "web-greta");
        Page page = page("de-DE");
        page.navigate("/");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Bei Hearth anmelden")))
                .isVisible();
        signIn(page, "web-greta");

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Übersicht")))
                .isVisible();
        Locator talk = widget(page, "Nextcloud Talk");
        assertThat(talk.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Mit Nextcloud verbinden")))
                .isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Anpassen")))
                .isVisible();
        assertThat(page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Suche")))
                .isVisible();
        shot(page, "german-dashboard");
    }

    @Test
    void onAPhoneTheWidgetsStackAndTheLayoutIsRemembered() throws Exception {
        TalkAccounts.connected(api, nextcloud, "web-phil", "Phil Phone");
        nextcloud.rooms("web-phil", rooms("web-phil", "Phil Phone"));
        Page page = page("en-US");
        page.setViewportSize(390, 844);
        page.navigate("/");
        signIn(page, "web-phil");
        Locator widgets = page.locator("hearth-widget");
        assertThat(widgets.first()).containsText("Project Alpha");
        double first = widgets.nth(0).boundingBox().x;
        assertEquals(first, widgets.nth(1).boundingBox().x, 1.0, "one column");
        shot(page, "phone");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Customize"))
                .click();
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Painted canvas"))
                .uncheck();
        Locator up = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Move Linked items up"));
        up.click(); // above Jira
        up.click(); // above OpenProject
        up.click(); // above Nextcloud Talk, to the top
        shot(page, "customize");
        // the reload must not overtake the save: wait for the layout's PUT to be answered
        page.waitForResponse(
                response -> response.url().endsWith("/api/v1/dashboard/layout")
                        && response.request().method().equals("PUT"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save"))
                        .click());

        page.reload();
        assertThat(widgets.first()).containsText("Linked items");
        assertEquals(
                0,
                page.locator("hearth-widget")
                        .filter(new Locator.FilterOptions().setHasText("Painted canvas"))
                        .count());
    }
}
