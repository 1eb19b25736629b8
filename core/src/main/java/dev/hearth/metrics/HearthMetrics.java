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
        if (registry == null) {
            return;
        }
        Tag[] contribution = {new Tag("plugin", pluginId), new Tag("kind", kind), new Tag("contribution", id)};
        registry.counter(
                        Metadata.builder()
                                .withName("hearth_plugin_calls")
                                .withDescription("Calls of plugin code for users, by contribution and outcome")
                                .build(),
                        append(contribution, new Tag("outcome", outcome)))
                .inc();
        registry.timer(
                        Metadata.builder()
                                .withName("hearth_plugin_call_duration")
                                .withDescription("How long calls of plugin code for users took")
                                .withUnit(MetricUnits.SECONDS)
                                .build(),
                        contribution)
                .update(took);
    }

    /** A widget or search provider that did not answer within its deadline (its call may still finish). */
    public void timeout(String pluginId, String kind, String id) {
        if (registry == null) {
            return;
        }
        registry.counter(
                        Metadata.builder()
                                .withName("hearth_plugin_timeouts")
                                .withDescription("Answers given up at the deadline, by contribution")
                                .build(),
                        new Tag("plugin", pluginId),
                        new Tag("kind", kind),
                        new Tag("contribution", id))
                .inc();
    }

    /** A widget's result: {@code hit} (this instance's memory), {@code shared_hit} (the cluster's) or {@code load}. */
    public void widgetCache(String result) {
        if (registry == null) {
            return;
        }
        registry.counter(
                        Metadata.builder()
                                .withName("hearth_widget_cache")
                                .withDescription("Widget results from the cache and loads")
                                .build(),
                        new Tag("result", result))
                .inc();
    }

    /** How late a notification poll started after it was due. */
    public void pollDelay(String pluginId, String sourceId, Duration late) {
        if (registry == null) {
            return;
        }
        registry.timer(
                        Metadata.builder()
                                .withName("hearth_notification_poll_delay")
                                .withDescription("How late notification polls started after they were due")
                                .withUnit(MetricUnits.SECONDS)
                                .build(),
                        new Tag("plugin", pluginId),
                        new Tag("source", sourceId))
                .update(late.isNegative() ? Duration.ZERO : late);
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

    private static Tag[] append(Tag[] tags, Tag more) {
        Tag[] all = java.util.Arrays.copyOf(tags, tags.length + 1);
        all[tags.length] = more;
        return all;
    }
}
