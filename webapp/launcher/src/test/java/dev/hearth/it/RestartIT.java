package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs last: stops the shared Hearth and starts it again on the same data directory. */
@Order(100)
@ExtendWith(SharedHearth.class)
class RestartIT {

    private final Api api = SharedHearth.api();

    @Test
    void dataKeysAndChoicesSurviveARestart() throws Exception {
        HearthServer server = SharedHearth.server();
        api.createUser("survivor", "survivor-password", "user");
        String tokenFromBefore = api.token("survivor", "survivor-password");
        String admin = api.adminToken();
        api.send("PUT", "/api/v1/admin/plugins/hello", admin, "{\"enabled\":false}");
        int users = api.get("/api/v1/admin/users", admin).array().size();
        System.out.printf("Hearth start-up to ready (first start, empty data dir): %.1f s%n", server.lastStartSeconds);

        String firstStarted;
        try (Connection db = server.database();
                ResultSet stored = db.createStatement()
                        .executeQuery("select data_value from plugin_data"
                                + " where plugin_id = 'hello' and data_key = 'first-started'")) {
            assertTrue(stored.next(), "the hello plugin stored when it first started");
            firstStarted = stored.getString(1);
        }

        server.restart();

        long[] rss = server.residentMiB();
        System.out.printf(
                "Hearth start-up to ready (restart): %.1f s; resident memory: JVM %d MiB, with mariadbd %d MiB%n",
                server.lastStartSeconds, rss[0], rss[1]);
        assertEquals(200, api.get("/api/v1/me", tokenFromBefore).status(), "the signing key survived");
        assertEquals(200, api.login("survivor", "survivor-password").status(), "the user survived");
        assertEquals(200, api.login("admin", HearthServer.ADMIN_PASSWORD).status());
        assertEquals(
                users, api.get("/api/v1/admin/users", api.adminToken()).array().size(), "no second first admin");
        assertEquals(
                "disabled",
                api.get("/api/v1/admin/plugins/hello", api.adminToken()).json().getString("state"),
                "the administrator's choice survived");
        try (Connection db = server.database();
                ResultSet stored = db.createStatement()
                        .executeQuery("select data_value from plugin_data"
                                + " where plugin_id = 'hello' and data_key = 'first-started'")) {
            assertTrue(stored.next());
            assertEquals(firstStarted, stored.getString(1), "the plugin's data survived");
        }
    }
}
