/**
 * The dashboard: the widgets of the running plugins, loaded in parallel for one user with a deadline each
 * ({@link dev.hearth.dashboard.WidgetLoader}), cached per user and widget, and the user's chosen layout.
 */
package dev.hearth.dashboard;
