package dev.hearth.security;

import dev.hearth.StartupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the encryption keys come from: {@code HEARTH_ENCRYPTION_KEY}; or else a key generated on the first start
 * and kept in {@code <data dir>/encryption.key}, readable by its owner only, never in the database it protects.
 * Instances that share a database must share the key: set {@code HEARTH_ENCRYPTION_KEY} for them.
 */
@ApplicationScoped
public class EncryptionKeys {

    private static final Logger LOGGER = Logger.getLogger(EncryptionKeys.class.getName());

    @Inject
    @ConfigProperty(name = "hearth.encryption.key")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "hearth.data.dir", defaultValue = "hearth-data")
    String dataDir;

    @Produces
    @Singleton
    Secrets secrets() {
        return new Secrets(keys());
    }

    /** Reads the keys, so that a bad key stops the start instead of every later use. */
    public void check() {
        keys();
    }

    private List<Secrets.Key> keys() {
        if (configured.isEmpty()) {
            return Secrets.parse(keptKey());
        }
        try {
            return Secrets.parse(configured.get());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(
                    "HEARTH_ENCRYPTION_KEY is not valid (" + e.getMessage()
                            + "): give one or more keys as id:base64-of-32-random-bytes, comma-separated",
                    e);
        }
    }

    private String keptKey() {
        Path file = Path.of(dataDir, "encryption.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String key = Secrets.generate();
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, key, StandardCharsets.US_ASCII);
            LOGGER.warning("HEARTH_ENCRYPTION_KEY is not set: generated an encryption key in " + file.toAbsolutePath()
                    + ". Back it up with the database; instances sharing a database need HEARTH_ENCRYPTION_KEY.");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the encryption key " + file, e);
        }
    }
}
