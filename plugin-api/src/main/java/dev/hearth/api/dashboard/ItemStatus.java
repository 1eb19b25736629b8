package dev.hearth.api.dashboard;

import java.util.Objects;

/**
 * A widget row's state, shown as a small coloured label (for example a Jira issue's "In Progress").
 *
 * @param label the state's name as the upstream says it, plain text
 * @param tone how the dashboard colours it
 * @since 0.4
 */
public record ItemStatus(String label, Tone tone) {

    /**
     * How a state is coloured. The dashboard picks the colours, the same for every plugin, so that states look
     * alike across upstreams.
     *
     * @since 0.4
     */
    public enum Tone {
        /** Not started, or no particular state (grey). */
        NEUTRAL,
        /** Under way (blue). */
        ACTIVE,
        /** Finished (green). */
        DONE,
        /** Needs attention: overdue, blocked, failed (red). */
        ATTENTION
    }

    /**
     * Checks that both parts are there.
     *
     * @param label the state's name as the upstream says it
     * @param tone how the dashboard colours it
     * @since 0.4
     */
    public ItemStatus {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(tone, "tone");
    }
}
