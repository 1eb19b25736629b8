package dev.hearth.cluster;

import dev.hearth.accounts.AccountChanged;
import dev.hearth.connections.ConnectionChanged;
import dev.hearth.notifications.NotificationStream;
import dev.hearth.plugins.PluginSwitched;
import dev.hearth.security.SessionsEnded;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Clock;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * This instance's place in the cluster. When Payara runs its data grid (the launcher's cluster settings; on Payara
 * Server, Hazelcast enabled), Hearth joins it: {@link ClusterEvent}s reach the other members, and {@link #map shared
 * maps} live in the grid. Otherwise the instance runs alone, events stay here and maps are in memory.
 */
@ApplicationScoped
public class Cluster {

    /** Where Payara binds its Hazelcast instance. */
    static final String JNDI = "payara/Hazelcast";

    private static final Logger LOGGER = Logger.getLogger(Cluster.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    BeanManager beans;

    @Resource
    ManagedExecutorService executor;

    /**
     * The events the cluster carries, by the name they travel under: only these are ever read from the grid (a message
     * names its event; nothing else it says is turned into a class).
     */
    static final Map<String, Class<? extends ClusterEvent>> EVENTS = Map.of(
            "sessions-ended", SessionsEnded.class,
            "account-changed", AccountChanged.class,
            "connection-changed", ConnectionChanged.class,
            "plugin-switched", PluginSwitched.class,
            "stream-pushed", NotificationStream.Pushed.class);

    private DataGrid grid;
    private UUID listener;
    /** Received events, delivered one at a time in the order they came (a notification, then its unread count). */
    private final Queue<String> received = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean delivering = new AtomicBoolean();

    @PostConstruct
    void join() {
        grid = lookUp();
        if (grid == null) {
            LOGGER.info("Cluster: none, this instance runs alone (no data grid)");
        } else {
            listener = grid.listen(this::receive);
            LOGGER.info("Cluster: joined " + grid.describe());
        }
    }

    /** Stops listening when Hearth is undeployed (Payara's data grid outlives the application). */
    @PreDestroy
    void leave() {
        if (grid != null) {
            grid.stopListening(listener);
        }
    }

    /** Joins at deployment, so that events from the other members arrive from the start. */
    void joinEarly(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        clustered();
    }

    public boolean clustered() {
        return grid != null;
    }

    /** Members of the cluster, this one included: 1 when alone. */
    public int members() {
        return grid == null ? 1 : grid.members();
    }

    /** A map that every member shares (in the grid), or this instance's own when it runs alone. */
    public SharedMap map(String name, int localCapacity) {
        return grid == null ? new LocalMap(Clock.systemUTC(), localCapacity) : grid.map(name);
    }

    /** Sends an event fired here to the other members, once its transaction (if any) has committed. */
    void send(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default ClusterEvent event) {
        if (grid != null) {
            String name = EVENTS.entrySet().stream()
                    .filter(e -> e.getValue().equals(event.getClass()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(event.getClass() + " is not among Cluster.EVENTS"));
            try {
                grid.publish(name + "\n" + JSONB.toJson(event));
            } catch (RuntimeException e) {
                LOGGER.log(
                        Level.WARNING,
                        "Cannot tell the cluster of " + event.getClass().getSimpleName(),
                        e);
            }
        }
    }

    private void receive(String message) {
        received.add(message);
        deliverAll();
    }

    /** On a managed thread (observers may need the application's context), one message after the other. */
    private void deliverAll() {
        if (delivering.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    try {
                        for (String message = received.poll(); message != null; message = received.poll()) {
                            deliver(message);
                        }
                    } finally {
                        delivering.set(false);
                    }
                    if (!received.isEmpty()) {
                        deliverAll();
                    }
                });
            } catch (RuntimeException rejected) { // the application is stopping
                delivering.set(false);
                LOGGER.log(Level.FINE, "Cluster events not delivered: the executor refused them", rejected);
            }
        }
    }

    private void deliver(String message) {
        int newline = message.indexOf('\n');
        Class<? extends ClusterEvent> type = newline < 0 ? null : EVENTS.get(message.substring(0, newline));
        if (type == null) {
            LOGGER.warning("Ignored a cluster message that names no cluster event");
            return;
        }
        try {
            beans.getEvent()
                    .select(Received.Literal.INSTANCE)
                    .fire(JSONB.fromJson(message.substring(newline + 1), type));
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Cannot deliver a cluster event", e);
        }
    }

    private static DataGrid lookUp() {
        try {
            return DataGrid.of(new InitialContext().lookup(JNDI));
        } catch (NamingException notBound) {
            return null;
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Payara's data grid is there but cannot be used; this instance runs alone", e);
            return null;
        }
    }
}
