package dev.hearth.connections;

import dev.hearth.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Login Flow v2 logins under way, each the user's own, given up after the upstream's 20 minutes. */
@ApplicationScoped
@Transactional
public class LoginFlows {

    static final Duration LIFETIME = Duration.ofMinutes(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    /** A login under way; {@code expired} once the upstream's 20 minutes are up. */
    public record Pending(URI endpoint, String token, boolean expired) {}

    public String create(long accountId, String pluginId, URI endpoint, String token) {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("delete from login_flow where expires_at < ?1")
                .setParameter(1, now.minusDays(1))
                .executeUpdate();
        em.createNativeQuery("insert into login_flow (id, account_id, plugin_id, poll_endpoint, poll_token, expires_at)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, id)
                .setParameter(2, accountId)
                .setParameter(3, pluginId)
                .setParameter(4, endpoint.toString())
                .setParameter(5, secrets.encrypt(token, "login-flow:" + id))
                .setParameter(6, now.plus(LIFETIME))
                .executeUpdate();
        return id;
    }

    /** The user's own login for this plugin; another user's does not exist for them. */
    public Optional<Pending> find(String id, long accountId, String pluginId) {
        List<?> rows = em.createNativeQuery("select poll_endpoint, poll_token, expires_at from login_flow"
                        + " where id = ?1 and account_id = ?2 and plugin_id = ?3")
                .setParameter(1, id)
                .setParameter(2, accountId)
                .setParameter(3, pluginId)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        LocalDateTime expires = row[2] instanceof java.sql.Timestamp t ? t.toLocalDateTime() : (LocalDateTime) row[2];
        return Optional.of(new Pending(
                URI.create((String) row[0]),
                secrets.decrypt((String) row[1], "login-flow:" + id),
                LocalDateTime.now(ZoneOffset.UTC).isAfter(expires)));
    }

    public void delete(String id) {
        em.createNativeQuery("delete from login_flow where id = ?1")
                .setParameter(1, id)
                .executeUpdate();
    }
}
