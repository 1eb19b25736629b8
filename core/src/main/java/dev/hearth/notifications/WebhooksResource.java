package dev.hearth.notifications;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.endpoints.EndpointProblem;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.api.notifications.PushedNotification;
import dev.hearth.api.notifications.WebhookDelivery;
import dev.hearth.api.notifications.WebhookReceiver;
import dev.hearth.connections.ConnectionStore;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/plugins/{pluginId}/webhooks/{path}}: what an upstream pushes, handed to the plugin's {@link
 * WebhookReceiver}, which proves the delivery; the notifications it names are kept for their users (only users
 * connected to the plugin, only the plugin's own sources) and pushed to their live streams at once.
 */
@Path("v1/plugins/{pluginId}/webhooks/{path: [a-z0-9][a-z0-9-]*}")
@PermitAll
public class WebhooksResource {

    /** The most body Hearth reads from a delivery. */
    static final int MAX_BODY = 256 * 1024;

    private static final Logger LOGGER = Logger.getLogger(WebhooksResource.class.getName());

    @Inject
    PluginRegistry registry;

    @Inject
    ConnectionStore connections;

    @Inject
    NotificationStore store;

    @Inject
    NotificationStream stream;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(
            @PathParam("pluginId") String pluginId,
            @PathParam("path") String path,
            @Context UriInfo uri,
            @Context HttpHeaders headers,
            InputStream body) {
        LoadedPlugin plugin = registry.running(pluginId)
                .orElseThrow(() ->
                        ApiException.notFound("plugin_not_found", "No running plugin has the id '" + pluginId + "'."));
        Contribution<WebhookReceiver> receiver = Contribution.collect(
                        List.of(plugin), "webhook receiver", HearthPlugin::webhookReceivers, WebhookReceiver::path)
                .get(pluginId + "/" + path);
        if (receiver == null) {
            throw ApiException.notFound("not_found", plugin.name() + " receives no webhooks at '" + path + "'.");
        }
        WebhookDelivery delivery =
                new WebhookDelivery(Map.copyOf(uri.getQueryParameters()), headers.getRequestHeaders(), read(body));
        List<PushedNotification> pushed;
        try {
            pushed = receiver.item().receive(delivery);
        } catch (EndpointProblem e) {
            throw new ApiException(e.status(), e.code(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Webhook receiver " + receiver.id() + " failed", e);
            throw new ApiException(
                    500, "plugin_failed", "The " + plugin.name() + " plugin failed to take the delivery.");
        }
        keep(plugin, pushed == null ? List.of() : pushed);
        return Response.noContent().build();
    }

    private void keep(LoadedPlugin plugin, List<PushedNotification> pushed) {
        Set<String> sources = Contribution.collect(
                        List.of(plugin),
                        "notification source",
                        HearthPlugin::notificationSources,
                        NotificationSource::id)
                .values()
                .stream()
                .map(c -> c.item().id())
                .collect(Collectors.toSet());
        for (PushedNotification item : pushed) {
            if (!sources.contains(item.sourceId())) {
                LOGGER.warning("Webhook of " + plugin.id() + " named the unknown source '" + item.sourceId()
                        + "'; the notification is dropped");
                continue;
            }
            if (!connections.isConnected(item.userId(), plugin.id())) {
                continue; // disconnected (or expired) since the webhook was registered
            }
            try {
                store.addNew(item.userId(), plugin.id(), item.sourceId(), List.of(item.notification()))
                        .forEach(n -> stream.publish(item.userId(), NotificationView.of(n)));
            } catch (PersistenceException | TransactionalException e) {
                // the poll kept the same item at the same moment: one notification it is
                LOGGER.fine(() -> "Webhook notification already kept: " + e.getMessage());
            }
        }
    }

    private static byte[] read(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiException(413, "body_too_large", "A delivery may have at most " + MAX_BODY + " bytes.");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "body_unreadable", "The delivery's body could not be read.");
        }
    }
}
