package dev.hearth.database;

import java.sql.Connection;
import java.sql.SQLException;
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

/** Runs Hearth's Liquibase changelog, from Hearth's own class path. */
public final class LiquibaseRunner {

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
                loader);
        try (Connection connection = dataSource.getConnection()) {
            Scope.child(scope, () -> {
                Database database =
                        DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                try (Liquibase liquibase =
                        new Liquibase(changelog, new ClassLoaderResourceAccessor(loader), database)) {
                    liquibase.update(new Contexts(), new LabelExpression());
                }
            });
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
