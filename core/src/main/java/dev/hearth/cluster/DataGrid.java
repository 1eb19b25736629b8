package dev.hearth.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.topic.ITopic;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Payara's data grid, as Hearth uses it: one topic for {@link ClusterEvent}s, and {@link SharedMap}s. The only class
 * that touches Hazelcast's API, loaded only when Payara runs the data grid. Values are strings, so that no member
 * needs Hearth's classes to hold them.
 */
final class DataGrid {

    static final String TOPIC = "hearth-events";

    private final HazelcastInstance hazelcast;
    private final ITopic<String> topic;

    private DataGrid(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.topic = hazelcast.getTopic(TOPIC);
    }

    /** The grid, if {@code found} (what Payara bound in JNDI) is a running Hazelcast member. */
    static DataGrid of(Object found) {
        return found instanceof HazelcastInstance hz && hz.getLifecycleService().isRunning() ? new DataGrid(hz) : null;
    }

    /**
     * Hands every message published by another member to {@code receiver}, on Hazelcast's event thread; answers the
     * listener's registration.
     */
    UUID listen(Consumer<String> receiver) {
        return topic.addMessageListener(message -> {
            if (!message.getPublishingMember().localMember()) {
                receiver.accept(message.getMessageObject());
            }
        });
    }

    void stopListening(UUID registration) {
        try {
            topic.removeMessageListener(registration);
        } catch (RuntimeException gridStopped) {
            // Payara stops its data grid too: nothing to remove from
        }
    }

    void publish(String message) {
        topic.publish(message);
    }

    int members() {
        return hazelcast.getCluster().getMembers().size();
    }

    String describe() {
        return "Payara's data grid: cluster '" + hazelcast.getConfig().getClusterName() + "', " + members()
                + " member(s), this one "
                + hazelcast.getCluster().getLocalMember().getAddress();
    }

    SharedMap map(String name) {
        return new GridMap(hazelcast.getMap("hearth-" + name));
    }

    private record GridMap(IMap<String, String> map) implements SharedMap {

        @Override
        public String get(String key) {
            return map.get(key);
        }

        @Override
        public void put(String key, String value, Duration ttl) {
            map.set(key, value, ttl.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String compute(String key, Duration ttl, UnaryOperator<String> change) {
            map.lock(key, 10, TimeUnit.SECONDS); // a member that dies holding it does not hold it up for long
            try {
                String value = change.apply(map.get(key));
                if (value == null) {
                    map.delete(key);
                } else {
                    put(key, value, ttl);
                }
                return value;
            } finally {
                map.unlock(key);
            }
        }

        @Override
        public void removeStartingWith(String prefix) {
            map.removeAll(Predicates.like(
                    "__key", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        }

        @Override
        public <T> T exclusive(String key, Duration wait, Supplier<T> work) {
            boolean held = false;
            try {
                // the lease frees the lock of a holder that hangs; Hazelcast frees that of a member that leaves
                held = map.tryLock(
                        key,
                        wait.toMillis(),
                        TimeUnit.MILLISECONDS,
                        wait.multipliedBy(2).plusSeconds(30).toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                return work.get();
            } finally {
                if (held) {
                    try {
                        map.unlock(key);
                    } catch (IllegalMonitorStateException leaseRanOut) {
                        // the lease ran out while work ran: someone else may hold it by now
                    }
                }
            }
        }
    }
}
