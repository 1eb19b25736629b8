package dev.hearth.metrics;

import dev.hearth.BriefMemory;
import dev.hearth.database.SchemaMigrator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Hearth's figures on {@code /metrics}, beside Payara's: each plugin contribution's calls by outcome and their
 * duration, timeouts, the widget cache, the poller's delay, connections by status. Per instance, as Prometheus scrapes
 * each instance. With Payara's metrics turned off ({@code HEARTH_METRICS=false}) there is no registry, and nothing is
 * counted.
 */
@ApplicationScoped
public class HearthMetrics {

    private static final Logger LOGGER = Logger.getLogger(HearthMetrics.class.getName());
    /** The statuses a connection can have. */
    private static final String[] CONNECTION_STATUSES = {"connected", "expired"};

    @Inject
    Instance<MetricRegistry> registries;

    /** The application's registry; {@code null} when metrics are off. */
    private MetricRegistry registry;

    @Inject
    SchemaMigrator schema;

    /** Connections by status, counted at most every 15 s whatever the scrape interval. */
    private final BriefMemory<String, Map<String, Long>> connections = new BriefMemory<>(Duration.ofSeconds(15), 1);

    /** Registers the gauges at deployment: observing the event creates this bean. */
    void deployed(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        // nothing more to do
    }

    @PostConstruct
    void register() {
        try {
            registry = registries.get();
            registry.getGauges();
        } catch (RuntimeException metricsOff) {
            LOGGER.info("Metrics are off: Hearth counts nothing");
            registry = null;
            return;
        }
        for (String status : CONNECTION_STATUSES) {
            registry.gauge(
                    Metadata.builder()
                            .withName("hearth_connections")
                            .withDescription("Users' connections to upstream systems, by status")
                            .build(),
                    this,
                    metrics -> metrics.connections().getOrDefault(status, 0L),
                    new Tag("status", status));
        }
    }

    /**
     * A call of plugin code for a user: {@code kind} of contribution ({@code widget}, {@code search}, {@code
     * notifications}, {@code mark_read}), its id, and how it ended ({@code ok}, {@code expired}, {@code unavailable},
     * {@code bad_response}, {@code not_allowed}, {@code failed}).
     */
    public void call(String pluginId, String kind, String id, String outcome, Duration took) {
        count(
                "hearth_plugin_calls",
                "Calls of plugin code for users, by contribution and outcome",
                new Tag("plugin", pluginId),
                new Tag("kind", kind),
                new Tag("contribution", id),
                new Tag("outcome", outcome));
        time(
                "hearth_plugin_call_duration",
                "How long calls of plugin code for users took",
                took,
                new Tag("plugin", pluginId),
                new Tag("kind", kind),
                new Tag("contribution", id));
    }

    /** A widget or search provider that did not answer within its deadline (its call may still finish). */
    public void timeout(String pluginId, String kind, String id) {
        count(
                "hearth_plugin_timeouts",
                "Answers given up at the deadline, by contribution",
                new Tag("plugin", pluginId),
                new Tag("kind", kind),
                new Tag("contribution", id));
    }

    /** A widget's result: {@code hit} (this instance's memory), {@code shared_hit} (the cluster's) or {@code load}. */
    public void widgetCache(String result) {
        count("hearth_widget_cache", "Widget results from the cache and loads", new Tag("result", result));
    }

    /** How late a notification poll started after it was due. */
    public void pollDelay(String pluginId, String sourceId, Duration late) {
        time(
                "hearth_notification_poll_delay",
                "How late notification polls started after they were due",
                late.isNegative() ? Duration.ZERO : late,
                new Tag("plugin", pluginId),
                new Tag("source", sourceId));
    }

    private void count(String name, String description, Tag... tags) {
        if (registry != null) {
            registry.counter(
                            Metadata.builder()
                                    .withName(name)
                                    .withDescription(description)
                                    .build(),
                            tags)
                    .inc();
        }
    }

    private void time(String name, String description, Duration took, Tag... tags) {
        if (registry != null) {
            registry.timer(
                            Metadata.builder()
                                    .withName(name)
                                    .withDescription(description)
                                    .withUnit(MetricUnits.SECONDS)
                                    .build(),
                            tags)
                    .update(took);
        }
    }

    private Map<String, Long> connections() {
        return connections.get("all", this::countConnections);
    }

    private Map<String, Long> countConnections() {
        Map<String, Long> counts = new HashMap<>();
        try (Connection db = schema.dataSource().getConnection();
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("select status, count(*) from connection group by status")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            LOGGER.log(Level.FINE, "Cannot count the connections now", e);
        }
        return counts;
    }
}
