package dev.hearth.cluster;

/**
 * A CDI event that every instance of a cluster must hear of. Fired on one instance as usual (its observers there
 * see it at once), it is sent to the other instances once the transaction it was fired in (if any) has committed,
 * and fired there again with the {@link Received} qualifier. Implementations are records that JSON-B can write and
 * read; an observer that must not act twice on the instance that fired it observes {@code @Received} only, and one
 * that must act only there observes {@code @Default}.
 */
public interface ClusterEvent {}
