package dev.hearth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.security.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
        // a credential as Hearth stored it before it bound credentials to their server: rebound at the next start
        String linked = api.linkedUser("survivor-linked", SharedHearth.upstream(), "Linked Survivor");
        String legacy = unbind(server, "survivor-linked", "linked");

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
        assertEquals("connected", api.connection(linked, "linked").getString("status"));
        String rebound = credential(server, "survivor-linked", "linked");
        assertTrue(rebound.startsWith("b2:v1:"), rebound);
        assertNotEquals(legacy, rebound);
        assertEquals("ok", api.widget(linked, "linked/items").getString("status"), "the rebound credential works");
    }

    /** Seals the connection's credential again as Hearth did before binding it to the server. */
    private static String unbind(HearthServer server, String username, String pluginId) throws Exception {
        Secrets secrets = new Secrets(Secrets.parse(server.encryptionKey()));
        try (Connection db = server.database();
                PreparedStatement update = db.prepareStatement("update connection set credential = ? where id = ?");
                ResultSet row = db.createStatement()
                        .executeQuery("select c.id, c.account_id, c.instance_url, c.credential from connection c join"
                                + " account a on a.id = c.account_id where a.username = '" + username
                                + "' and c.plugin_id = '" + pluginId + "'")) {
            assertTrue(row.next());
            String bound = row.getString(4);
            assertTrue(bound.startsWith("b2:"), bound);
            String json = secrets.decrypt(
                    bound.substring(3), "connection:" + row.getLong(2) + ":" + pluginId + ":" + row.getString(3));
            String legacy = secrets.encrypt(json, "connection:" + row.getLong(2) + ":" + pluginId);
            update.setString(1, legacy);
            update.setLong(2, row.getLong(1));
            assertEquals(1, update.executeUpdate());
            return legacy;
        }
    }

    private static String credential(HearthServer server, String username, String pluginId) throws Exception {
        try (Connection db = server.database();
                ResultSet row = db.createStatement()
                        .executeQuery("select c.credential from connection c join account a on a.id = c.account_id"
                                + " where a.username = '" + username + "' and c.plugin_id = '" + pluginId + "'")) {
            assertTrue(row.next());
            return row.getString(1);
        }
    }
}
