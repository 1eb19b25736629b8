/**
 * Notifications: a plugin's {@link dev.hearth.api.notifications.NotificationSource} is polled by Hearth's
 * background job for each connected user, from the cursor the previous poll handed back; Hearth stores what is
 * new (once per external id), shows it in one stream, and asks the source to mark an item read upstream when
 * the user dismisses it. Where the upstream can push, a {@link dev.hearth.api.notifications.WebhookReceiver} turns
 * its proven deliveries into notifications at once, and the poll stays the fallback.
 *
 * @since 0.4
 */
package dev.hearth.api.notifications;
