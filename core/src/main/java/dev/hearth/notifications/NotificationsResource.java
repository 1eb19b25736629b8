package dev.hearth.notifications;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import dev.hearth.api.HearthPlugin;
import dev.hearth.api.UserContext;
import dev.hearth.api.notifications.NotificationSource;
import dev.hearth.connections.Connections;
import dev.hearth.connections.UserCall;
import dev.hearth.connections.UserConnections;
import dev.hearth.metrics.HearthMetrics;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import dev.hearth.security.ClaimsPrincipal;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The signed-in user's notifications. Another user's notifications do not exist for them. */
@Path("v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class NotificationsResource {

    @Inject
    HearthMetrics metrics;

    @Inject
    NotificationStore store;

    @Inject
    NotificationStream stream;

    @Inject
    PluginRegistry plugins;

    @Inject
    Connections connections;

    @Resource
    ManagedExecutorService executor;

    @Context
    SecurityContext security;

    @Context
    HttpHeaders headers;

    /** {@code ?unread=true&limit=50}: newest first, at most 200. */
    @GET
    public Map<String, Object> list(@QueryParam("unread") String unread, @QueryParam("limit") String limit) {
        long me = Caller.accountId(security);
        int n = Math.max(1, Math.min(200, number(limit, "limit", 50)));
        return Map.of(
                "notifications",
                store.list(me, "true".equals(unread), n).stream()
                        .map(NotificationView::of)
                        .toList(),
                "unreadCount",
                store.unread(me));
    }

    /** Marks it read here, and upstream where its source can (best effort). */
    @POST
    @Path("{id}/read")
    public Response read(@PathParam("id") String id) {
        long me = Caller.accountId(security);
        StoredNotification n = store.own(me, id(id));
        if (n.readAt == null) {
            upstream(me, List.of(n), (source, user, ids) -> source.markRead(user, ids.get(0)));
        }
        store.markRead(me, n.id);
        return Response.noContent().build();
    }

    /**
     * Marks every unread one read here, and upstream (the newest {@value #READ_ALL_UPSTREAM}: one call per source,
     * after the answer, where the source can).
     */
    @POST
    @Path("read-all")
    public Response readAll() {
        long me = Caller.accountId(security);
        List<StoredNotification> unread = store.list(me, true, READ_ALL_UPSTREAM);
        store.markAllRead(me);
        upstream(me, unread, NotificationSource::markAllRead);
        return Response.noContent().build();
    }

    /** Dismisses it here, and asks its source to mark it read upstream when the source can (best effort). */
    @DELETE
    @Path("{id}")
    public Response dismiss(@PathParam("id") String id) {
        long me = Caller.accountId(security);
        StoredNotification n = store.own(me, id(id));
        if (n.readAt == null) {
            upstream(me, List.of(n), (source, user, ids) -> source.markRead(user, ids.get(0)));
        }
        store.dismiss(me, n.id);
        return Response.noContent().build();
    }

    /** The unread notifications that "read all" tells their upstreams about; the rest are marked read here only. */
    private static final int READ_ALL_UPSTREAM = 10_000;

    /** What a source is asked to do with some of its notifications, by external id. */
    private interface UpstreamRead {
        void apply(NotificationSource source, UserContext user, List<String> externalIds);
    }

    /**
     * Tells each running source about its notifications among these, as the user, after the answer: one call per
     * source on the server's executor, under the user-call rules (a failing or slow upstream is logged, never the
     * user's answer; a source of a plugin the user is not connected to is not asked).
     */
    private void upstream(long me, List<StoredNotification> notifications, UpstreamRead read) {
        if (notifications.isEmpty()) {
            return;
        }
        Map<String, Contribution<NotificationSource>> sources = Contribution.collect(
                plugins.running(), "notification source", HearthPlugin::notificationSources, NotificationSource::id);
        Map<String, List<String>> bySource = notifications.stream()
                .collect(Collectors.groupingBy(
                        n -> n.pluginId + "/" + n.sourceId,
                        LinkedHashMap::new,
                        Collectors.mapping(n -> n.externalId, Collectors.toList())));
        UserConnections users = connections.of(me, Caller.token(security).getName(), Caller.locale(headers));
        bySource.forEach((key, ids) -> {
            Contribution<NotificationSource> source = sources.get(key);
            if (source != null && UserCall.blocked(users, source.plugin(), true).isEmpty()) {
                executor.execute(() -> UserCall.run(metrics, users, source.plugin(), "mark_read", source.id(), user -> {
                    read.apply(source.item(), user, ids);
                    return Boolean.TRUE;
                }));
            }
        });
    }

    /** Live: an {@code unread} event with the count, then a {@code notification} event for each new one. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        long me = Caller.accountId(security);
        ClaimsPrincipal token = Caller.token(security);
        stream.subscribe(
                me,
                sink,
                sse,
                store.unread(me),
                new NotificationStream.Session(
                        token.getTokenID(), token.sessionVersion(), Instant.ofEpochSecond(token.getExpirationTime())));
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("notification_not_found", "There is no notification '" + id + "'.");
        }
    }

    private static int number(String value, String name, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("validation_failed", name + ": a whole number");
        }
    }
}
