/**
 * Plugin endpoints: small read-only JSON resources a plugin offers its users under
 * {@code /api/v1/plugins/<plugin id>/<path>} (for example {@code /api/v1/plugins/nextcloud-talk/rooms}), with the
 * same sign-in, error contract and upstream fault handling as the rest of Hearth's API.
 *
 * @since 0.4
 */
package dev.hearth.api.endpoints;
