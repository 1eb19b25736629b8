/**
 * Notifications: the background poller (one instance of a cluster at a time, by a lease row), the stored
 * notifications deduplicated by external id, the user's REST endpoints, and live delivery over SSE.
 */
package dev.hearth.notifications;
