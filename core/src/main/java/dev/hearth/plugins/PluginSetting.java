package dev.hearth.plugins;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An administrator's choice to enable or disable a plugin; no row means enabled. */
@Entity
@Table(name = "plugin_state")
public class PluginSetting {

    @Id
    @Column(name = "plugin_id")
    String pluginId;

    @Column(nullable = false)
    boolean enabled;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    String updatedBy;
}
