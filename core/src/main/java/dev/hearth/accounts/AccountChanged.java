package dev.hearth.accounts;

/**
 * An account was changed or deleted: fired within the change's transaction, so that what was remembered of it
 * ({@link Accounts#view}) is forgotten once the change is committed, on every instance of the cluster.
 */
public record AccountChanged(long accountId) implements dev.hearth.cluster.ClusterEvent {}
