package dev.hearth.health;

import dev.hearth.database.SchemaMigrator;
import dev.hearth.plugins.PluginRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the schema is migrated, the plugins are loaded, and the database answers. */
@Readiness
@ApplicationScoped
public class HearthReadiness implements HealthCheck {

    @Inject
    SchemaMigrator schema;

    @Inject
    PluginRegistry plugins;

    @Override
    public HealthCheckResponse call() {
        boolean migrated = schema.migrated();
        boolean pluginsLoaded = plugins.ready();
        boolean database = databaseAnswers();
        return HealthCheckResponse.named("hearth")
                .status(migrated && pluginsLoaded && database)
                .withData("migrated", migrated)
                .withData("pluginsLoaded", pluginsLoaded)
                .withData("database", database)
                .build();
    }

    private boolean databaseAnswers() {
        try (Connection connection = schema.dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
