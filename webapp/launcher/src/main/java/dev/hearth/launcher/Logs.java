package dev.hearth.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.LogManager;

/**
 * The log: every line one event on standard error, as text ({@link OneLineFormatter}) or, with {@code
 * HEARTH_LOG_FORMAT=json}, as one JSON object per line (Payara's JSON formatter) for log shippers. The launcher's own
 * lines and the embedded MariaDB's use it from the start, and Payara is given the same configuration.
 */
final class Logs {

    private final String properties;

    private Logs(String properties) {
        this.properties = properties;
    }

    /** Configures logging from {@code HEARTH_LOG_FORMAT}; a wrong value is a problem, reported in the text format. */
    static Logs configure(String format) throws IOException, StartupProblem {
        String formatter =
                switch (format == null ? "text" : format.toLowerCase(Locale.ROOT)) {
                    case "text" -> OneLineFormatter.class.getName();
                    case "json" -> "fish.payara.enterprise.server.logging.JSONLogFormatter";
                    default -> null;
                };
        Logs logs = new Logs(properties(formatter == null ? OneLineFormatter.class.getName() : formatter));
        LogManager.getLogManager()
                .readConfiguration(new ByteArrayInputStream(logs.properties.getBytes(StandardCharsets.ISO_8859_1)));
        if (formatter == null) {
            throw new StartupProblem("HEARTH_LOG_FORMAT is '" + format + "': write text or json");
        }
        return logs;
    }

    /** The configuration as a file, for Payara's {@code --logproperties}. */
    Path writeTo(Path file) throws IOException {
        return Files.writeString(file, properties, StandardCharsets.ISO_8859_1);
    }

    private static String properties(String formatter) {
        return String.join(
                "\n",
                "handlers=java.util.logging.ConsoleHandler",
                "java.util.logging.ConsoleHandler.level=ALL",
                "java.util.logging.ConsoleHandler.formatter=" + formatter,
                ".level=INFO",
                // start-up chatter: the embedded MariaDB's output, Payara's echo of its boot commands, deployment steps
                "ch.vorburger.level=WARNING",
                "fish.payara.boot.runtime.BootCommand.level=WARNING",
                "javax.enterprise.system.tools.deployment.common.level=WARNING",
                "javax.enterprise.system.tools.deployment.dol.level=WARNING",
                "fish.payara.nucleus.util.level=WARNING",
                "org.glassfish.admin.mbeanserver.level=WARNING",
                "org.hibernate.validator.internal.util.Version.level=WARNING",
                "com.hazelcast.level=WARNING",
                // a warning per expired CA certificate in Payara's bundled trust store, at every start
                "javax.enterprise.system.security.ssl.level=SEVERE",
                "");
    }
}
