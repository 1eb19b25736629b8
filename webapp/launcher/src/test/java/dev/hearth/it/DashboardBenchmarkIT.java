package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.atlassian.FakeAtlassian;
import dev.hearth.openproject.FakeOpenProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A benchmark, not a test: it prints figures and asserts nothing about speed. Run it with
 * {@code mvn -B -ntp install -DskipTests && mvn -B -ntp -pl webapp/launcher verify -Dhearth.benchmark=true -Dit.test=DashboardBenchmarkIT}
 * (one method: {@code -Dit.test=DashboardBenchmarkIT#openProjectWidgetOverThreePagesOfNotifications}, or
 * {@code #jiraWidgetAcrossTwoSitesAt150MillisecondsEach}).
 *
 * <p>The plugins' own widgets against their fake upstreams at set latencies. Hearth's own figures (the dashboard of
 * three widgets, the cost per upstream call, the cache) are the benchmark module's ({@code bench/}).
 */
@EnabledIfSystemProperty(named = "hearth.benchmark", matches = "true")
class DashboardBenchmarkIT {

    private static final int SAMPLES = 40;
    private static final int WARM_UP = 5;

    /**
     * The OpenProject widget against {@link FakeOpenProject} answering in 100 ms, with 2,500 unread notifications: three
     * pages of 1,000, read one after the other. Each sample is a new Hearth user (an empty cache) connected with the
     * same OpenProject token.
     */
    @Test
    void openProjectWidgetOverThreePagesOfNotifications() throws Exception {
        try (FakeOpenProject openproject = FakeOpenProject.start();
                HearthServer server = new HearthServer(
                        Path.of(System.getProperty("hearth.it.dir", "target/it"))
                                .resolve("bench-op-" + System.currentTimeMillis()),
                        // no background polls of the same fake while the widget is timed (the poller ticks hourly)
                        Map.of(
                                "HEARTH_ALLOWED_HOSTS",
                                "127.0.0.1",
                                "HEARTH_ALLOWED_PORTS",
                                "1024-65535",
                                "HEARTH_NOTIFICATIONS_TICK",
                                "PT1H"))) {
            openproject
                    .user(1, "Bea", "Bench", "bea")
                    .apiToken("opapi-bench", 1)
                    .project(1, "bench", "Bench");
            for (int wp = 1; wp <= 25; wp++) {
                openproject.workPackage(wp, 1, "Work package " + wp, "Task", "New", 1);
            }
            java.time.Instant t = java.time.Instant.parse("2026-12-01T00:00:00Z");
            for (int i = 0; i < 2500; i++) {
                openproject.notify(1, 1 + i % 25, i % 3 == 0 ? "mentioned" : "watched", 1, t.plusSeconds(i));
            }
            openproject.latency(java.time.Duration.ofMillis(100));
            server.start();
            Api api = new Api(server);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                api.createUser("op" + i, "bench-password", "user");
                String token = api.token("op" + i, "bench-password");
                Api.Reply connected = api.send(
                        "POST",
                        "/api/v1/connections/openproject",
                        token,
                        "{\"flow\":\"token\",\"instanceUrl\":\"" + openproject.uri() + "\",\"token\":\"opapi-bench\"}");
                assertEquals(201, connected.status(), connected::toString);
                long start = System.nanoTime();
                Api.Reply reply = api.get("/api/v1/dashboard/items?widget=openproject/notifications", token);
                long took = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, reply.status(), reply::toString);
                jakarta.json.JsonObject widget =
                        reply.json().getJsonArray("widgets").getJsonObject(0);
                assertEquals("ok", widget.getString("status"), widget::toString);
                assertEquals(2500, widget.getInt("totalBadge"));
                if (i >= WARM_UP) {
                    millis.add(took);
                }
            }
            Collections.sort(millis);
            long direct = directMedian(openproject);
            System.out.printf(
                    "the same three pages fetched directly from the fake (its own time included): median %d ms;"
                            + " Hearth's own share of the widget's median: %d ms%n",
                    direct, millis.get(millis.size() / 2) - direct);
            System.out.printf(
                    "OpenProject widget, 2,500 unread notifications (3 pages) x 100 ms upstream, empty cache: %s%n",
                    figures(millis));
        }
    }

    /**
     * The Jira widget over two Atlassian sites whose gateway answers take 150 ms each (against {@link FakeAtlassian}):
     * each sample a new Hearth user who connects through the OAuth flow, so that the cache is empty and the sites are
     * read too; the two sites are asked at once, so the widget should take one site's time, not two.
     */
    @Test
    void jiraWidgetAcrossTwoSitesAt150MillisecondsEach() throws Exception {
        String acme = "1324a887-45db-1bf4-1e99-ef0ff456d421";
        String beta = "8a2f7c10-1111-4c3b-9a5e-0b7d1c2e3f40";
        String account = "5b10a2844c20165700ede21g";
        try (FakeAtlassian atlassian = FakeAtlassian.start()
                        .account(account, "Bea Bench", "bea@example.com", "Europe/Berlin")
                        .site(acme, "Acme", "https://acme.atlassian.net", FakeAtlassian.Product.JIRA)
                        .site(beta, "Beta", "https://beta.atlassian.net", FakeAtlassian.Product.JIRA)
                        .grantSites(account, acme, beta);
                HearthServer server = new HearthServer(
                        Path.of(System.getProperty("hearth.it.dir", "target/it"))
                                .resolve("bench-atlassian-" + System.currentTimeMillis()),
                        Map.of(
                                "HEARTH_ALLOWED_HOSTS", "127.0.0.1",
                                "HEARTH_ALLOWED_PORTS", "1024-65535",
                                "HEARTH_NOTIFICATIONS_TICK", "PT1H",
                                "HEARTH_PLUGIN_ATLASSIAN_CLIENTID", "bench-client",
                                "HEARTH_PLUGIN_ATLASSIAN_CLIENTSECRET", "bench-secret",
                                "HEARTH_PLUGIN_ATLASSIAN_AUTHURL",
                                        atlassian.uri().toString(),
                                "HEARTH_PLUGIN_ATLASSIAN_APIURL",
                                        atlassian.uri().toString()))) {
            java.time.Instant t = java.time.Instant.parse("2026-12-01T00:00:00Z");
            atlassian.project(acme, "ACME", "Acme").project(beta, "BETA", "Beta");
            for (int i = 1; i <= 10; i++) {
                atlassian.issue(
                        acme,
                        "ACME-" + i,
                        "Acme issue " + i,
                        "To Do",
                        "new",
                        "Medium",
                        account,
                        account,
                        t.plusSeconds(2L * i));
                atlassian.issue(
                        beta,
                        "BETA-" + i,
                        "Beta issue " + i,
                        "In Progress",
                        "indeterminate",
                        "Low",
                        account,
                        account,
                        t.plusSeconds(2L * i + 1));
            }
            server.start();
            atlassian.oauthClient(
                    "bench-client",
                    "bench-secret",
                    server.uri("/api/v1/connections/atlassian/callback").toString());
            atlassian
                    .signedInAs(account)
                    .latency(acme, java.time.Duration.ofMillis(150))
                    .latency(beta, java.time.Duration.ofMillis(150));
            Api api = new Api(server);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                api.createUser("atl" + i, "bench-password", "user");
                String token = api.token("atl" + i, "bench-password");
                Api.Reply started = api.send("POST", "/api/v1/connections/atlassian", token, "{\"flow\":\"oauth2\"}");
                assertEquals(200, started.status(), started::toString);
                java.net.URI back =
                        atlassian.approve(java.net.URI.create(started.json().getString("authorizeUrl")));
                Api.Reply callback = api.send(api.request(back.getRawPath() + "?" + back.getRawQuery())
                        .header("Cookie", "hearth_session=" + token)
                        .GET()
                        .build());
                assertEquals(303, callback.status(), callback::toString);
                long start = System.nanoTime();
                Api.Reply reply = api.get("/api/v1/dashboard/items?widget=atlassian/jira", token);
                long took = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, reply.status(), reply::toString);
                jakarta.json.JsonObject widget =
                        reply.json().getJsonArray("widgets").getJsonObject(0);
                assertEquals("ok", widget.getString("status"), widget::toString);
                assertEquals(10, widget.getJsonArray("items").size(), widget::toString);
                if (i >= WARM_UP) {
                    millis.add(took);
                }
            }
            Collections.sort(millis);
            System.out.printf(
                    "Jira widget, 2 sites x 150 ms gateway latency (asked at once), new user each (sites read too),"
                            + " empty cache: %s%n",
                    figures(millis));
        }
    }

    /** Sorted samples as the benchmarks print them: median, p90, min, max and their number. */
    private static String figures(List<Long> millis) {
        return String.format(
                "median %d ms, p90 %d ms, min %d ms, max %d ms (%d samples)",
                millis.get(millis.size() / 2),
                millis.get(millis.size() * 9 / 10),
                millis.get(0),
                millis.get(millis.size() - 1),
                millis.size());
    }

    /** The median time to fetch the three pages of unread notifications straight from the fake, as the plugin asks. */
    private static long directMedian(FakeOpenProject openproject) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        String filters = java.net.URLEncoder.encode(
                "[{\"readIAN\":{\"operator\":\"=\",\"values\":[\"f\"]}}]", java.nio.charset.StandardCharsets.UTF_8);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + SAMPLES; i++) {
            long start = System.nanoTime();
            for (int page = 1; page <= 3; page++) {
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(openproject.uri() + "/api/v3/notifications?offset=" + page
                                        + "&pageSize=1000&sortBy=%5B%5B%22id%22%2C%22desc%22%5D%5D&filters="
                                        + filters))
                        .header("Authorization", "Bearer opapi-bench")
                        .build();
                assertEquals(
                        200,
                        client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                                .statusCode());
            }
            if (i >= WARM_UP) {
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        Collections.sort(millis);
        return millis.get(millis.size() / 2);
    }
}
