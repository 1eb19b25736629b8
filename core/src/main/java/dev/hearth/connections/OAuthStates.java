package dev.hearth.connections;

import dev.hearth.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * OAuth authorization requests under way. A state is random (256 bits), stored only as its hash, bound to the
 * user and the plugin, valid for 10 minutes, and consumed by its first valid use.
 */
@ApplicationScoped
@Transactional
public class OAuthStates {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    /** What the callback needs: the PKCE verifier and the redirect URI used. */
    public record Pending(String verifier, URI redirectUri) {}

    /** A new state and PKCE verifier for this user and plugin. */
    public record Started(String state, String verifier) {}

    public Started start(long accountId, String pluginId, URI redirectUri) {
        String state = random(32);
        String verifier = random(48);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("delete from oauth_state where expires_at < ?1")
                .setParameter(1, now)
                .executeUpdate();
        em.createNativeQuery("insert into oauth_state (state_hash, account_id, plugin_id, code_verifier, redirect_uri,"
                        + " expires_at) values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, hash(state))
                .setParameter(2, accountId)
                .setParameter(3, pluginId)
                .setParameter(4, secrets.encrypt(verifier, "oauth-state:" + hash(state)))
                .setParameter(5, redirectUri.toString())
                .setParameter(6, now.plus(LIFETIME))
                .executeUpdate();
        return new Started(state, verifier);
    }

    /** Consumes the state if it is this user's, for this plugin, and still valid; another user's stays untouched. */
    public Optional<Pending> consume(String state, long accountId, String pluginId) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        String hash = hash(state);
        List<?> rows = em.createNativeQuery("select code_verifier, redirect_uri from oauth_state where state_hash = ?1"
                        + " and account_id = ?2 and plugin_id = ?3 and expires_at >= ?4 for update")
                .setParameter(1, hash)
                .setParameter(2, accountId)
                .setParameter(3, pluginId)
                .setParameter(4, LocalDateTime.now(ZoneOffset.UTC))
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        em.createNativeQuery("delete from oauth_state where state_hash = ?1")
                .setParameter(1, hash)
                .executeUpdate();
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(
                new Pending(secrets.decrypt((String) row[0], "oauth-state:" + hash), URI.create((String) row[1])));
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String hash(String state) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
