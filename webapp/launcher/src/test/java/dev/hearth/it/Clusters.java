package dev.hearth.it;

import dev.hearth.embedded.EmbeddedDatabase;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the instances of a test's cluster share: one MariaDB of the test's own (not an instance's embedded one, so that
 * an instance can be killed without it), one encryption key, the data grid's members on loopback, and the fakes'
 * loopback addresses allowed.
 */
final class Clusters {

    private Clusters() {}

    /**
     * The settings of every member, to add to; each member adds its own {@code HEARTH_CLUSTER_PORT}, one of {@code
     * gridPorts}.
     */
    static Map<String, String> settings(EmbeddedDatabase database, int... gridPorts) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> settings = new HashMap<>(Map.of(
                "HEARTH_DB_URL",
                database.jdbcUrl(),
                "HEARTH_DB_USER",
                EmbeddedDatabase.USER,
                "HEARTH_DB_PASSWORD",
                database.password(),
                "HEARTH_ENCRYPTION_KEY",
                "cluster:" + Base64.getEncoder().encodeToString(key),
                "HEARTH_CLUSTER_MEMBERS",
                Arrays.stream(gridPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")),
                "HEARTH_CLUSTER_INTERFACE",
                "127.0.0.1",
                "HEARTH_ALLOWED_HOSTS",
                "127.0.0.1",
                "HEARTH_ALLOWED_PORTS",
                "1024-65535"));
        return settings;
    }

    /** The settings with one more. */
    static Map<String, String> with(Map<String, String> settings, String name, Object value) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(name, value.toString());
        return all;
    }
}
