package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.security.Secrets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The benchmark's bulk users: accounts without a password, each connected to a plugin with a token of its own,
 * written straight into a stopped-or-running Hearth's database, as many as the poller benchmark needs. The
 * credentials are sealed as Hearth seals them ({@link Credentials#seal}, with the data directory's key), so that
 * Hearth opens them like any other. In this package for {@link Credentials}, which is Hearth's own.
 */
public final class BenchSeed {

    private BenchSeed() {}

    /** Adds {@code count} users {@code <prefix>0…}, each connected to the plugin at the instance with {@code tok-<username>}. */
    public static void connectedUsers(
            String jdbcUrl,
            String password,
            Path encryptionKey,
            String prefix,
            int count,
            String pluginId,
            URI instance)
            throws Exception {
        Secrets secrets =
                new Secrets(Secrets.parse(Files.readString(encryptionKey).strip()));
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection db = DriverManager.getConnection(jdbcUrl, "hearth", password)) {
            db.setAutoCommit(false);
            try (PreparedStatement account = db.prepareStatement(
                    "insert into account (username, display_name,"
                            + " password_hash, role, disabled, created_at, updated_at) values (?, ?, '!', 'user', false, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    account.setString(1, prefix + i);
                    account.setString(2, "Poll user " + i);
                    account.setTimestamp(3, now);
                    account.setTimestamp(4, now);
                    account.addBatch();
                }
                account.executeBatch();
            }
            try (Statement ids = db.createStatement();
                    ResultSet rows =
                            ids.executeQuery("select id, username from account where username like '" + prefix + "%'");
                    PreparedStatement connection = db.prepareStatement("insert into connection (account_id,"
                            + " plugin_id, flow, status, instance_url, external_id, display_name, credential,"
                            + " created_at, updated_at, granted_at) values (?, ?, 'token', 'connected', ?, ?, ?, ?, ?,"
                            + " ?, ?)")) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    String token = "tok-" + rows.getString(2);
                    connection.setLong(1, id);
                    connection.setString(2, pluginId);
                    connection.setString(3, instance.toString());
                    connection.setString(4, token);
                    connection.setString(5, "User " + token);
                    connection.setString(
                            6,
                            Credentials.seal(
                                    secrets, new Credential.Bearer(token), id, pluginId, instance.toString(), null));
                    connection.setTimestamp(7, now);
                    connection.setTimestamp(8, now);
                    connection.setTimestamp(9, now);
                    connection.addBatch();
                }
                connection.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding the benchmark's users failed", e);
        }
    }
}
