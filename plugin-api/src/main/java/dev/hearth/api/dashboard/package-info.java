/**
 * Dashboard widgets: a plugin's {@link dev.hearth.api.dashboard.DashboardWidget} loads a user's items; Hearth
 * loads all of a user's widgets in parallel, each with its own deadline and status, caches the result for the
 * widget's reload interval, and shares one upstream call among concurrent loads.
 *
 * @since 0.4
 */
package dev.hearth.api.dashboard;
