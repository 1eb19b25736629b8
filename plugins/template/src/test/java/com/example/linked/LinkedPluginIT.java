package com.example.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.testkit.FakeUpstream;
import dev.hearth.testkit.arquillian.HearthClient;
import dev.hearth.testkit.arquillian.HearthDeployment;
import dev.hearth.testkit.arquillian.HearthPluginIT;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template in a real Hearth (the test kit's in-container tier): Hearth's WAR on Payara Micro with an embedded
 * MariaDB, this plugin's JAR dropped into its plugin directory, a fake of the service on 127.0.0.1, and every step
 * through Hearth's REST API as the web UI takes it. Run with {@code mvn verify}.
 */
@HearthPluginIT
class LinkedPluginIT {

    private static FakeUpstream service;

    @Deployment(testable = false)
    static WebArchive hearth() {
        return HearthDeployment.war();
    }

    @ArquillianResource
    URL hearth;

    @BeforeAll
    static void startService() {
        service = FakeUpstream.start()
                .on(
                        "GET",
                        "/api/me",
                        request -> "Bearer jane-token".equals(request.header("Authorization"))
                                ? new FakeUpstream.Answer(
                                        200, "application/json", "{\"id\":\"u-7\",\"name\":\"Jane Doe\"}")
                                : new FakeUpstream.Answer(401, "application/json", "{\"error\":\"invalid_token\"}"))
                .answer(
                        "GET",
                        "/api/items",
                        200,
                        "application/json",
                        "[{\"id\":\"17\",\"title\":\"Quarterly report\",\"unread\":2,\"updated\":\"2026-11-24T09:30:00Z\"}]")
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
                        "time":"2026-11-24T10:01:00Z"}],"next":null}""");
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void aUserConnectsAndSeesTheWidgetSearchAndNotifications() throws Exception {
        HearthClient admin = HearthClient.admin(hearth);
        JsonObject plugin = admin.get("/api/v1/admin/plugins/linked").json();
        assertEquals("running", plugin.getString("state"), plugin::toString);
        assertEquals("1.0.0", plugin.getString("version"));

        HearthClient jane = admin.createUser("jane", "jane-password");
        assertEquals(
                400,
                jane.post("/api/v1/connections/linked", connect("not-janes-token"))
                        .status(),
                "a token the service refuses is not stored");
        assertEquals(
                "Jane Doe",
                jane.connectWithToken("linked", service.uri(), "jane-token").getString("accountName"));

        JsonObject widget = jane.get("/api/v1/dashboard/items?widget=linked/items")
                .json()
                .getJsonArray("widgets")
                .getJsonObject(0);
        assertEquals("ok", widget.getString("status"), widget::toString);
        JsonObject item = widget.getJsonArray("items").getJsonObject(0);
        assertEquals("Quarterly report", item.getString("title"));
        assertEquals(service.uri() + "/items/17", item.getString("link"));

        JsonObject docs = jane.get("/api/v1/search?term=report&provider=linked/docs")
                .json()
                .getJsonArray("providers")
                .getJsonObject(0);
        assertEquals("ok", docs.getString("status"), docs::toString);
        assertEquals(
                "Travel report", docs.getJsonArray("entries").getJsonObject(0).getString("title"));

        JsonArray notifications = eventually(jane, Duration.ofSeconds(30));
        assertEquals("Alice mentioned you", notifications.getJsonObject(0).getString("title"));
    }

    private static jakarta.json.JsonObject connect(String token) {
        return jakarta.json.Json.createObjectBuilder()
                .add("flow", "token")
                .add("instanceUrl", service.uri().toString())
                .add("token", token)
                .build();
    }

    /** Hearth polls in the background: waits until the first notification has arrived. */
    private static JsonArray eventually(HearthClient user, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonArray notifications;
        do {
            notifications = user.get("/api/v1/notifications").json().getJsonArray("notifications");
            if (!notifications.isEmpty()) {
                return notifications;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no notification within " + timeout);
    }
}
