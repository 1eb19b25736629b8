package dev.hearth.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Runs Hearth's Liquibase changelog, from Hearth's own class path.
 *
 * <p>Liquibase marks its lock row while it migrates; an instance killed in the middle leaves the row marked, and every
 * later start would wait for it and fail. So each migration first takes a MariaDB named lock ({@code GET_LOCK}), which
 * the server releases by itself when the session that took it ends, however it ends. Whoever holds that lock is the
 * only one migrating, so a Liquibase lock found marked then was left by an instance that is gone, and is released.
 */
public final class LiquibaseRunner {

    private static final Logger LOGGER = Logger.getLogger(LiquibaseRunner.class.getName());
    static final String MIGRATION_LOCK = "hearth-schema-migration";
    /** How long a start waits for another instance's migration. */
    private static final int MIGRATION_WAIT_SECONDS = 600;

    private LiquibaseRunner() {}

    @SuppressWarnings("deprecation") // Liquibase#update(Contexts, LabelExpression) is the stable 4.x entry point
    public static void update(DataSource dataSource, String changelog) throws Exception {
        ClassLoader loader = LiquibaseRunner.class.getClassLoader();
        Map<String, Object> scope = Map.of(
                "liquibase.analytics.enabled",
                false,
                "liquibase.showBanner",
                false,
                Scope.Attr.resourceAccessor.name(),
                new ClassLoaderResourceAccessor(loader),
                Scope.Attr.classLoader.name(),
                loader,
                // what it would print on standard output ("Running Changeset: ...") goes to the log instead
                Scope.Attr.ui.name(),
                new LoggerUIService(),
                "liquibase.command.showSummaryOutput",
                "LOG");
        // the migration lock's session, held while Liquibase migrates on a connection of its own (which it closes)
        try (Connection lock = dataSource.getConnection()) {
            takeMigrationLock(lock);
            try {
                releaseStaleLiquibaseLock(lock);
                try (Connection connection = dataSource.getConnection()) { // Liquibase closes it too, when it can
                    Scope.child(scope, () -> {
                        Database database = DatabaseFactory.getInstance()
                                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                        try (Liquibase liquibase =
                                new Liquibase(changelog, new ClassLoaderResourceAccessor(loader), database)) {
                            liquibase.update(new Contexts(), new LabelExpression());
                        }
                    });
                }
            } finally {
                try (PreparedStatement release = lock.prepareStatement("select release_lock(?)")) {
                    release.setString(1, MIGRATION_LOCK);
                    release.execute();
                } catch (SQLException lost) {
                    // the session is gone, and its lock with it; the migration's own failure, if any, is what counts
                }
            }
        }
    }

    /** Waits until no other instance migrates, then holds the migration lock for this session. */
    private static void takeMigrationLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select get_lock(?, ?)")) {
            lock.setString(1, MIGRATION_LOCK);
            lock.setInt(2, MIGRATION_WAIT_SECONDS);
            try (ResultSet got = lock.executeQuery()) {
                if (!got.next() || got.getInt(1) != 1) {
                    throw new SQLException("Another instance has been migrating the schema for "
                            + MIGRATION_WAIT_SECONDS / 60 + " minutes; not waiting longer");
                }
            }
        }
    }

    /** With the migration lock held: a marked Liquibase lock is stale, left by an instance killed while migrating. */
    private static void releaseStaleLiquibaseLock(Connection connection) throws SQLException {
        String lockedBy;
        Object since;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "select lockedby, lockgranted from DATABASECHANGELOGLOCK where id = 1 and locked = 1")) {
            if (!row.next()) {
                return;
            }
            lockedBy = row.getString(1);
            since = row.getObject(2);
        } catch (SQLException noLockTableYet) {
            return; // the first start: Liquibase creates it
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(
                    "update DATABASECHANGELOGLOCK set locked = 0, lockgranted = null, lockedby = null where id = 1");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        LOGGER.warning("Released the schema migration lock that " + lockedBy + " took at " + since
                + " and never released: that instance stopped while migrating (nothing else migrates now)");
    }

    /** The database product and version, for the start-up log. */
    public static String describe(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at "
                    + meta.getURL().replaceAll("(?i)(password=)[^&;]*", "$1***") + " as " + meta.getUserName();
        }
    }
}
