package dev.hearth.security;

/**
 * An account's sessions ended, some or all (a sign-out, a role or password change, the account disabled or
 * deleted): fired within the transaction that ended them, so that {@link Sessions} forgets what it remembered of
 * them once that transaction has committed; then every other instance of the cluster forgets them too.
 */
public record SessionsEnded(long accountId) implements dev.hearth.cluster.ClusterEvent {}
