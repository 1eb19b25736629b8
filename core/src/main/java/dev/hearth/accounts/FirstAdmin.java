package dev.hearth.accounts;

import dev.hearth.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On the first start (no accounts at all) creates the first administrator from {@code HEARTH_ADMIN_USER} and
 * {@code HEARTH_ADMIN_PASSWORD}; without a password it generates one and prints it to the log, once.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
public class FirstAdmin {

    private static final Logger LOGGER = Logger.getLogger(FirstAdmin.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @Inject
    Accounts accounts;

    @Inject
    @ConfigProperty(name = "hearth.admin.user", defaultValue = "admin")
    String username;

    @Inject
    @ConfigProperty(name = "hearth.admin.password")
    Optional<String> password;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void createIfNone() {
        if (accounts.count() > 0) {
            return;
        }
        if (!Usernames.valid(username)) {
            throw new IllegalStateException("HEARTH_ADMIN_USER " + Usernames.RULE);
        }
        String chosen = password.filter(p -> p.length() >= 8).orElse(null);
        if (password.isPresent() && chosen == null) {
            LOGGER.warning("HEARTH_ADMIN_PASSWORD is shorter than 8 characters; generating a password instead.");
        }
        String actual = chosen != null ? chosen : generate();
        try {
            accounts.create(username, actual, "Administrator", Roles.ADMIN, null);
        } catch (RuntimeException raceWithAnotherInstance) {
            if (accounts.find(username).isPresent()) {
                return;
            }
            throw raceWithAnotherInstance;
        }
        if (chosen != null) {
            LOGGER.info(
                    "Created the first administrator '" + username + "' with the password from HEARTH_ADMIN_PASSWORD.");
        } else {
            LOGGER.warning("Created the first administrator '" + username + "' with the generated password: " + actual
                    + "  (shown this once; sign in and change it)");
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
