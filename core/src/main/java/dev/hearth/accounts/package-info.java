/**
 * Local users and signing in: accounts with the roles {@code user} and {@code admin}, argon2id password hashes,
 * the first administrator created on first start, sign-in with throttling of repeated failures, and the
 * administrators' user management under {@code /api/v1/admin/users}.
 */
package dev.hearth.accounts;
