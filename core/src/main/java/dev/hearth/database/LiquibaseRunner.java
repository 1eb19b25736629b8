package dev.hearth.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Runs one Liquibase changelog. Hearth's own changelog uses the standard history tables; each plugin's is read
 * through the plugin's class loader and kept in history tables of its own ({@code DATABASECHANGELOG_<ID>}), Keycloak's
 * pattern, so that plugins and core evolve their schemas independently.
 */
public final class LiquibaseRunner {

    private LiquibaseRunner() {
    }

    /**
     * @param historySuffix {@code null} for Hearth's own changelog, else the plugin id
     */
    public static void update(DataSource dataSource, ClassLoader loader, String changelog, String historySuffix)
            throws Exception {
        Map<String, Object> scope = Map.of(
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false,
                Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(loader),
                // Liquibase finds its own services (lock service, database types) through this loader; a plugin's
                // loader does not offer them (see PluginClassPath): the plugin's loader only serves the changelog.
                Scope.Attr.classLoader.name(), LiquibaseRunner.class.getClassLoader());
        try (Connection connection = dataSource.getConnection()) {
            Scope.child(scope, () -> run(connection, loader, changelog, historySuffix));
        }
    }

    @SuppressWarnings("deprecation") // Liquibase#update(Contexts, LabelExpression) is the stable 4.x entry point
    private static void run(Connection connection, ClassLoader loader, String changelog, String historySuffix)
            throws Exception {
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        if (historySuffix != null) {
            String suffix = historySuffix.toUpperCase(Locale.ROOT).replace('-', '_');
            database.setDatabaseChangeLogTableName("DATABASECHANGELOG_" + suffix);
            database.setDatabaseChangeLogLockTableName("DATABASECHANGELOGLOCK_" + suffix);
        }
        try (Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(loader), database)) {
            liquibase.update(new Contexts(), new LabelExpression());
        }
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
