package dev.hearth.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's settings, from environment variables ({@code HEARTH_PORT}) or the equivalent system
 * properties ({@code -Dhearth.port}); a system property wins.
 *
 * @param cluster how this instance finds the others of its cluster, or empty to run alone
 * @param stopGrace how long a stop waits for the requests in flight
 */
record Settings(
        int port,
        String bindAddress,
        Path dataDir,
        Optional<String> dbUrl,
        boolean metrics,
        boolean openapi,
        Optional<Cluster> cluster,
        Duration stopGrace) {

    /**
     * Payara's data grid: how members find each other (Payara Micro's {@code --clustermode}), the port it listens on
     * (the first free one from there), the address it binds, the address it tells the others, and the cluster's name.
     */
    record Cluster(String mode, int port, String bindInterface, String publicAddress, String name) {}

    static Settings read(Map<String, String> env) throws StartupProblem {
        return new Settings(
                port(env, "HEARTH_PORT", 8080),
                value(env, "HEARTH_BIND_ADDRESS").orElse(null),
                Path.of(value(env, "HEARTH_DATA_DIR").orElse("hearth-data"))
                        .toAbsolutePath()
                        .normalize(),
                value(env, "HEARTH_DB_URL"),
                flag(env, "HEARTH_METRICS"),
                flag(env, "HEARTH_OPENAPI"),
                cluster(env),
                duration(env, "HEARTH_STOP_GRACE", Duration.ofSeconds(20)));
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) throws StartupProblem {
        Optional<String> value = value(env, name);
        try {
            Duration duration = value.map(Duration::parse).orElse(fallback);
            if (duration.isNegative()) {
                throw new DateTimeParseException("negative", value.orElse(""), 0);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new StartupProblem(name + " is '" + value.orElse("") + "', not an ISO-8601 duration such as PT20S");
        }
    }

    private static Optional<Cluster> cluster(Map<String, String> env) throws StartupProblem {
        List<String> modes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String[] discovery : new String[][] {
            {"HEARTH_CLUSTER_MEMBERS", "tcpip:"},
            {"HEARTH_CLUSTER_DNS", "dns:"},
            {"HEARTH_CLUSTER_KUBERNETES", "kubernetes:"}
        }) {
            Optional<String> value = value(env, discovery[0]);
            if (value.isPresent()) {
                modes.add(discovery[1] + value.get().replace(" ", ""));
                names.add(discovery[0]);
            }
        }
        if (modes.size() > 1) {
            throw new StartupProblem(
                    "set only one of " + String.join(", ", names) + ": they are ways to find the other instances");
        }
        if (modes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cluster(
                modes.get(0),
                port(env, "HEARTH_CLUSTER_PORT", 6900),
                value(env, "HEARTH_CLUSTER_INTERFACE").orElse(null),
                value(env, "HEARTH_CLUSTER_PUBLIC_ADDRESS").orElse(null),
                value(env, "HEARTH_CLUSTER_NAME").orElse("hearth")));
    }

    private static int port(Map<String, String> env, String name, int fallback) throws StartupProblem {
        Optional<String> value = value(env, name);
        try {
            int port = value.map(Integer::parseInt).orElse(fallback);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StartupProblem(name + " is '" + value.orElse("") + "', not a port number (1 to 65535)");
        }
    }

    /** An on/off setting, on unless it says {@code false}. */
    private static boolean flag(Map<String, String> env, String name) {
        return !value(env, name).map(v -> v.equalsIgnoreCase("false")).orElse(false);
    }

    static Optional<String> value(Map<String, String> env, String name) {
        String property =
                System.getProperty(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        String value = property != null ? property : env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
