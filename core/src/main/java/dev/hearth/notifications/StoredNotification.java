package dev.hearth.notifications;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A notification kept for a user. */
@Entity
@Table(name = "notification")
public class StoredNotification {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "account_id", nullable = false)
    long accountId;

    @Column(name = "plugin_id", nullable = false)
    String pluginId;

    @Column(name = "source_id", nullable = false)
    String sourceId;

    @Column(name = "external_id", nullable = false)
    String externalId;

    @Column(nullable = false)
    String title;

    String body;

    String link;

    String actor;

    @Column(name = "occurred_at", nullable = false)
    Instant occurredAt;

    @Column(name = "read_at")
    Instant readAt;

    /** Dismissed by the user: hidden, but kept so that the same external id is not stored again. */
    @Column(name = "dismissed_at")
    Instant dismissedAt;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
