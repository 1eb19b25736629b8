package dev.hearth.api.connect;

import java.util.Objects;

/**
 * Who the user is on the upstream system: shown as "Connected as {@code displayName}".
 *
 * @param id the upstream's stable id for the account
 * @param displayName the account's name as people know it
 * @since 0.4
 */
public record AccountIdentity(String id, String displayName) {

    /**
     * Checks that both parts are there.
     *
     * @param id the upstream's stable id for the account
     * @param displayName the account's name as people know it
     * @since 0.4
     */
    public AccountIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }
}
