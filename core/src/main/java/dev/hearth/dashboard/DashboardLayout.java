package dev.hearth.dashboard;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's choice and order of widgets, as a JSON array of widget ids. */
@Entity
@Table(name = "dashboard_layout")
public class DashboardLayout {

    @Id
    @Column(name = "account_id")
    long accountId;

    @Column(nullable = false)
    String widgets;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
