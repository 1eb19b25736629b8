package dev.hearth.notifications;

import dev.hearth.api.notifications.Notification;
import dev.hearth.problems.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stored notifications and the pollers' cursors. */
@ApplicationScoped
@Transactional
public class NotificationStore {

    @PersistenceContext
    EntityManager em;

    /** A user due for a poll of one source. */
    /** A user whose poll is due, and since when ({@code null}: never polled). */
    public record Due(long accountId, String username, Instant dueAt) {}

    /** Stores those not seen before (by external id); answers them. */
    public List<StoredNotification> addNew(long accountId, String pluginId, String sourceId, List<Notification> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Set<String> known = new HashSet<>(em.createQuery(
                        "select n.externalId from StoredNotification n where"
                                + " n.accountId = :a and n.pluginId = :p and n.externalId in :ids",
                        String.class)
                .setParameter("a", accountId)
                .setParameter("p", pluginId)
                .setParameter(
                        "ids", items.stream().map(Notification::externalId).toList())
                .getResultList());
        List<StoredNotification> added = new ArrayList<>();
        Instant now = Instant.now();
        for (Notification item : items) {
            if (!known.add(item.externalId())) {
                continue;
            }
            StoredNotification n = new StoredNotification();
            n.accountId = accountId;
            n.pluginId = pluginId;
            n.sourceId = sourceId;
            n.externalId = item.externalId();
            n.title = truncate(item.title(), 500);
            n.body = item.body();
            n.link = item.link() == null ? null : truncate(item.link().toString(), 2048);
            n.actor = item.actor() == null ? null : truncate(item.actor(), 255);
            n.occurredAt = item.time();
            n.createdAt = now;
            em.persist(n);
            added.add(n);
        }
        em.flush();
        return added;
    }

    public List<Due> due(String pluginId, String source, Instant now, int max) {
        List<?> rows = em.createNativeQuery("select c.account_id, a.username, nc.next_poll_at from connection c"
                        + " join account a on a.id = c.account_id"
                        + " left join notification_cursor nc on nc.account_id = c.account_id and nc.source = ?1"
                        + " where c.plugin_id = ?2 and c.status = 'connected' and a.disabled = false"
                        + " and (nc.next_poll_at is null or nc.next_poll_at <= ?3) order by nc.next_poll_at limit ?4")
                .setParameter(1, source)
                .setParameter(2, pluginId)
                .setParameter(3, utc(now))
                .setParameter(4, max)
                .getResultList();
        return rows.stream()
                .map(r -> (Object[]) r)
                .map(r -> new Due(((Number) r[0]).longValue(), (String) r[1], instant(r[2])))
                .toList();
    }

    public Optional<String> cursor(long accountId, String source) {
        List<?> rows = em.createNativeQuery(
                        "select cursor_value from notification_cursor where account_id = ?1 and source = ?2")
                .setParameter(1, accountId)
                .setParameter(2, source)
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable((String) rows.get(0));
    }

    public void saveCursor(long accountId, String source, String cursor, Instant nextPoll) {
        em.createNativeQuery("insert into notification_cursor (account_id, source, cursor_value, next_poll_at)"
                        + " values (?1, ?2, ?3, ?4) on duplicate key update cursor_value = ?3, next_poll_at = ?4")
                .setParameter(1, accountId)
                .setParameter(2, source)
                .setParameter(3, cursor)
                .setParameter(4, utc(nextPoll))
                .executeUpdate();
    }

    /** Newest first (by when it happened). */
    public List<StoredNotification> list(long accountId, boolean unreadOnly, int limit) {
        return em.createQuery(
                        "select n from StoredNotification n where n.accountId = :a and n.dismissedAt is null"
                                + (unreadOnly ? " and n.readAt is null" : "")
                                + " order by n.occurredAt desc, n.id desc",
                        StoredNotification.class)
                .setParameter("a", accountId)
                .setMaxResults(limit)
                .getResultList();
    }

    public long unread(long accountId) {
        return em.createQuery(
                        "select count(n) from StoredNotification n where n.accountId = :a and n.readAt is null"
                                + " and n.dismissedAt is null",
                        Long.class)
                .setParameter("a", accountId)
                .getSingleResult();
    }

    /** The user's own notification; another user's is "not found", like one that does not exist. */
    public StoredNotification own(long accountId, long id) {
        StoredNotification n = em.find(StoredNotification.class, id);
        if (n == null || n.accountId != accountId || n.dismissedAt != null) {
            throw ApiException.notFound("notification_not_found", "There is no notification " + id + ".");
        }
        return n;
    }

    public void markRead(long accountId, long id) {
        StoredNotification n = own(accountId, id);
        if (n.readAt == null) {
            n.readAt = Instant.now();
        }
    }

    public int markAllRead(long accountId) {
        return em.createQuery(
                        "update StoredNotification n set n.readAt = :now where n.accountId = :a and n.readAt is null"
                                + " and n.dismissedAt is null")
                .setParameter("now", Instant.now())
                .setParameter("a", accountId)
                .executeUpdate();
    }

    /**
     * Marks read the user's unread notifications of one source that are not among {@code stillUnread}: those the
     * upstream no longer lists as unread. Answers how many.
     */
    public int markReadExcept(long accountId, String pluginId, String sourceId, Set<String> stillUnread) {
        List<Long> readUpstream = em
                .createQuery(
                        "select n.id, n.externalId from StoredNotification n where n.accountId = :a and n.pluginId = :p"
                                + " and n.sourceId = :s and n.readAt is null and n.dismissedAt is null",
                        Object[].class)
                .setParameter("a", accountId)
                .setParameter("p", pluginId)
                .setParameter("s", sourceId)
                .getResultList()
                .stream()
                .filter(row -> !stillUnread.contains((String) row[1]))
                .map(row -> (Long) row[0])
                .toList();
        Instant now = Instant.now();
        for (int from = 0; from < readUpstream.size(); from += 500) {
            em.createQuery("update StoredNotification n set n.readAt = :now where n.id in :ids")
                    .setParameter("now", now)
                    .setParameter("ids", readUpstream.subList(from, Math.min(readUpstream.size(), from + 500)))
                    .executeUpdate();
        }
        return readUpstream.size();
    }

    /**
     * Forgets a user's notifications of one plugin and its sources' cursors, with the connection they came from:
     * their external ids mean nothing on another account or instance, where they could even name someone else's.
     */
    public void forget(long accountId, String pluginId) {
        em.createQuery("delete from StoredNotification n where n.accountId = :a and n.pluginId = :p")
                .setParameter("a", accountId)
                .setParameter("p", pluginId)
                .executeUpdate();
        em.createNativeQuery("delete from notification_cursor where account_id = ?1 and source like ?2")
                .setParameter(1, accountId)
                .setParameter(2, pluginId + "/%") // plugin ids are [a-z0-9-]: nothing to escape
                .executeUpdate();
    }

    /** Hides it for good; the row stays, so that the source cannot bring it back. */
    public void dismiss(long accountId, long id) {
        StoredNotification n = own(accountId, id);
        n.dismissedAt = Instant.now();
        if (n.readAt == null) {
            n.readAt = n.dismissedAt;
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A UTC date-time column as read by a native query, or {@code null}. */
    private static Instant instant(Object column) {
        LocalDateTime utc = column instanceof java.sql.Timestamp t ? t.toLocalDateTime() : (LocalDateTime) column;
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
