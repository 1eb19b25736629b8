/**
 * Unified search: a plugin's {@link dev.hearth.api.search.SearchProvider} searches its upstream for one user;
 * Hearth asks all providers in parallel, each with its own timeout and status, and pages each with the cursor the
 * provider hands back.
 *
 * @since 0.4
 */
package dev.hearth.api.search;
