package dev.hearth.plugins;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** An administrator's value for one declared plugin setting; encrypted when the setting is secret. */
@Entity
@Table(name = "plugin_setting")
@IdClass(PluginSettingValue.Key.class)
public class PluginSettingValue {

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String pluginId;
        String name;

        public Key() {}

        Key(String pluginId, String name) {
            this.pluginId = pluginId;
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k
                    && java.util.Objects.equals(pluginId, k.pluginId)
                    && java.util.Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(pluginId, name);
        }
    }

    @Id
    @Column(name = "plugin_id")
    String pluginId;

    @Id
    String name;

    @Column(nullable = false)
    String value;

    @Column(nullable = false)
    boolean encrypted;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    String updatedBy;
}
