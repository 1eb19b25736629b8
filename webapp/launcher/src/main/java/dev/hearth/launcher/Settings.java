package dev.hearth.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's settings, from environment variables ({@code HEARTH_PORT}) or the equivalent system
 * properties ({@code -Dhearth.port}); a system property wins.
 */
record Settings(int port, String bindAddress, Path dataDir, Optional<String> dbUrl, boolean metrics, boolean openapi) {

    static Settings read(Map<String, String> env) {
        return new Settings(
                Integer.parseInt(value(env, "HEARTH_PORT").orElse("8080")),
                value(env, "HEARTH_BIND_ADDRESS").orElse(null),
                Path.of(value(env, "HEARTH_DATA_DIR").orElse("hearth-data"))
                        .toAbsolutePath()
                        .normalize(),
                value(env, "HEARTH_DB_URL"),
                flag(env, "HEARTH_METRICS"),
                flag(env, "HEARTH_OPENAPI"));
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
