package dev.hearth.accounts;

import dev.hearth.cluster.Cluster;
import dev.hearth.problems.ApiException;
import dev.hearth.problems.Problem;
import dev.hearth.security.LoginThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * Sign-in with a password, hard to turn against anyone. Failed attempts are counted per (username, client address)
 * and per client address (the address as {@link dev.hearth.security.ClientAddress} tells it, trusted proxies
 * considered); each attempt is counted before the password is hashed, so that a burst of parallel guesses is counted
 * as it arrives; a success takes its count back. A guesser therefore slows down only themselves: the same username
 * from an address that has not failed signs in at once. At most {@link #HASHES_AT_ONCE} passwords are hashed at a
 * time (argon2id takes 19 MiB and tens of milliseconds each); beyond that the answer is 429 at once. Hashing runs
 * outside any transaction, holding no database connection.
 */
@ApplicationScoped
public class SignIns {

    static final int HASHES_AT_ONCE = Math.max(2, Runtime.getRuntime().availableProcessors());

    @Inject
    Accounts accounts;

    private final PasswordHasher hasher = new PasswordHasher();

    @Inject
    Cluster cluster;

    private LoginThrottle byUserAndAddress;
    private LoginThrottle byAddress;

    @PostConstruct
    void init() {
        byUserAndAddress = LoginThrottle.shared(cluster, "signin-user-address", 5);
        byAddress = LoginThrottle.shared(cluster, "signin-address", 50);
    }

    private final Semaphore hashing = new Semaphore(HASHES_AT_ONCE);
    /** Verified against when the user is unknown or has no password, so that a miss costs as long as a wrong one. */
    private final String decoyHash = hasher.hash(UUID.randomUUID().toString());

    /**
     * Checks a username and password. Answers 429 while this username from this address, or this address, is held up,
     * or while too many passwords are being hashed; 401 for an unknown user or a wrong password (the same answer for
     * both); 403 for a disabled account.
     */
    public Account authenticate(String username, String password, String clientAddress) {
        if (!hashing.tryAcquire()) {
            throw tooMany("Too many sign-ins at this moment. Try again in a second.", 1);
        }
        try {
            String name = Accounts.normalize(username);
            String pair = name + "|" + clientAddress;
            String address = "addr:" + clientAddress;
            Optional<Duration> wait = byUserAndAddress.reserve(pair);
            if (wait.isEmpty()) {
                wait = byAddress.reserve(address);
                if (wait.isPresent()) {
                    byUserAndAddress.refund(pair);
                }
            }
            if (wait.isPresent()) {
                long seconds = LoginThrottle.seconds(wait.get());
                throw tooMany("Too many failed sign-ins. Try again in " + seconds + " seconds.", seconds);
            }
            Optional<Account> account = accounts.find(name).filter(a -> !a.systemUser);
            Optional<String> hash = account.map(a -> a.passwordHash).filter(h -> !Accounts.NO_PASSWORD.equals(h));
            boolean matches = hasher.verify(password, hash.orElse(decoyHash)) && hash.isPresent();
            if (!matches) {
                throw new ApiException(401, "invalid_credentials", "Wrong username or password.");
            }
            byUserAndAddress.succeeded(pair);
            byAddress.refund(address);
            Account found = account.get();
            if (found.disabled) {
                throw new ApiException(403, "account_disabled", "This account is disabled. Ask an administrator.");
            }
            if (hasher.needsRehash(found.passwordHash)) {
                accounts.rehash(found.id, hasher.hash(password));
            }
            return found;
        } finally {
            hashing.release();
        }
    }

    private static ApiException tooMany(String detail, long seconds) {
        return new ApiException(
                new Problem(429, "too_many_attempts", detail, Map.of("retryAfter", seconds)),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
