package dev.hearth.health;

import dev.hearth.cluster.Cluster;
import dev.hearth.database.SchemaMigrator;
import dev.hearth.lifecycle.Shutdown;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.plugins.PluginStatus;
import dev.hearth.problems.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Hearth's readiness, one named check per thing it needs, so that {@code /health/ready} says which one fails:
 * {@code schema} (migrated), {@code database} (answers now), {@code plugins} (loaded; a plugin that failed is named but
 * does not make the instance unready), {@code cluster} (the members this instance sees), {@code accepting} (down
 * while the instance stops).
 */
public final class HearthReadiness {

    private HearthReadiness() {}

    @Readiness
    @ApplicationScoped
    public static class Schema implements HealthCheck {

        @Inject
        SchemaMigrator schema;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("schema").status(schema.migrated()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {

        @Inject
        SchemaMigrator schema;

        @Override
        public HealthCheckResponse call() {
            // the probes are open to anyone: not why (the requests that fail log it), only whether
            boolean answers = !DatabaseOutage.now(schema.dataSource());
            return HealthCheckResponse.named("database").status(answers).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Plugins implements HealthCheck {

        @Inject
        PluginRegistry plugins;

        @Override
        public HealthCheckResponse call() {
            List<PluginStatus> all = plugins.statuses();
            var response = HealthCheckResponse.named("plugins")
                    .status(plugins.ready())
                    .withData(
                            "running",
                            all.stream()
                                    .filter(p -> p.state().equals("running"))
                                    .count())
                    .withData("loaded", all.size());
            List<String> failed = all.stream()
                    .filter(p -> p.state().equals("failed"))
                    .map(PluginStatus::id)
                    .toList();
            return (failed.isEmpty() ? response : response.withData("failed", String.join(",", failed))).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Accepting implements HealthCheck {

        @Inject
        Shutdown shutdown;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("accepting")
                    .status(!shutdown.draining())
                    .build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class ClusterMembers implements HealthCheck {

        @Inject
        Cluster cluster;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("cluster")
                    .up()
                    .withData("clustered", cluster.clustered())
                    .withData("members", cluster.members())
                    .build();
        }
    }
}
