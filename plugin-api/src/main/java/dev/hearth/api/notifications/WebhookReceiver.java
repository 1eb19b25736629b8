package dev.hearth.api.notifications;

import java.util.List;

/**
 * Receives what an upstream pushes to Hearth (a webhook delivery) at
 * {@code POST /api/v1/plugins/<plugin id>/webhooks/<path>}, so that notifications arrive at once instead of at the
 * next poll; polling stays the fallback. The URL to register upstream is
 * {@link dev.hearth.api.PluginContext#webhookUrl(String)}.
 *
 * <p>The request comes without a Hearth sign-in: the receiver must prove each delivery (a signature made with a
 * secret Hearth and the upstream share) before it believes a word of it, and must name only users it registered
 * the webhook for. Hearth then keeps each notification for its user, as a poll of the named source would (one per
 * external id, so a delivery and a poll that both bring an item make one notification), and pushes it to the user's
 * live streams; a notification for a user who is not connected to this plugin, or for a source the plugin does not
 * offer, is dropped. Hearth answers the upstream {@code 204} (or the receiver's {@link
 * dev.hearth.api.endpoints.EndpointProblem}), reads at most 256 KiB of body ({@code 413} beyond), and answers a
 * receiver's other failures with {@code 500}.
 *
 * @since 0.4
 */
public interface WebhookReceiver {

    /**
     * The receiver's path below {@code /api/v1/plugins/<plugin id>/webhooks/}: one segment of lower-case letters,
     * digits and hyphens (for example {@code jira}).
     *
     * @return the path
     * @since 0.4
     */
    String path();

    /**
     * Proves one delivery and turns it into notifications.
     *
     * @param delivery the request's query parameters, headers and body
     * @return the notifications it brings, each for one user; empty when it tells nothing worth a notification
     * @throws dev.hearth.api.endpoints.EndpointProblem to refuse it (for example {@code 401} for a missing or bad
     *     signature); nothing is kept
     * @since 0.4
     */
    List<PushedNotification> receive(WebhookDelivery delivery);
}
