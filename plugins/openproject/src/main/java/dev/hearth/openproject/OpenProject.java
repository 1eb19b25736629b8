package dev.hearth.openproject;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.AccountIdentity;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.connect.HttpClients;
import dev.hearth.api.connect.UpstreamException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The OpenProject calls the plugin makes, for one user's connection. */
final class OpenProject {

    /** Unread notifications per page: OpenProject's largest ({@code apiv3_max_page_size}, 1000 by default). */
    static final int PAGE_SIZE = 1000;
    /** At most this many pages of unread notifications are read (10,000 notifications). */
    static final int MAX_PAGES = 10;

    private static final String UNREAD = Hal.filter("readIAN", "=", List.of("f"));
    private static final String NEWEST_FIRST = "[[\"id\",\"desc\"]]";

    private OpenProject() {}

    /** Who the credential belongs to: {@code GET /api/v3/users/me}, with the user's full name. */
    static AccountIdentity identity(URI instance, HttpClients http) {
        JsonObject me = Hal.resource(http.create(OpenProjectApi.class, instance).me(), "User");
        if (!(me.get("id") instanceof jakarta.json.JsonNumber id)) {
            throw Hal.notOpenProject("a user without an id", null);
        }
        String name = me.getString("name", "").isBlank()
                ? (me.getString("firstName", "") + " " + me.getString("lastName", "")).strip()
                : me.getString("name");
        return new AccountIdentity(id.toString(), name.isBlank() ? me.getString("login", id.toString()) : name);
    }

    /**
     * The user's unread in-app notifications, newest first; their total; and whether the list is certainly all of
     * them (not cut at {@link #MAX_PAGES}, and no notification moved between pages while they were read).
     */
    record Unread(List<InAppNotification> notifications, int total, boolean complete) {}

    /** Pages through the user's unread notifications ({@code nextByOffset} says whether there is another page). */
    static Unread unread(UserContext user) {
        OpenProjectApi api = api(user);
        List<InAppNotification> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<Integer> totals = new HashSet<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonObject collection =
                    Hal.resource(api.notifications(page, PAGE_SIZE, UNREAD, NEWEST_FIRST), "Collection");
            totals.add(collection.getInt("total", 0));
            for (JsonValue element : Hal.elements(collection)) {
                if (element instanceof JsonObject n && n.containsKey("id")) {
                    seen.add(n.get("id").toString());
                }
                InAppNotification.of(element).ifPresent(all::add);
            }
            if (Hal.href(collection, "nextByOffset").isEmpty()) {
                // Pages are read one after the other from a list that changes: one read meanwhile shifts the next
                // page, and an unread notification goes unseen. Complete only when nothing moved.
                int total = totals.iterator().next();
                return new Unread(all, total, totals.size() == 1 && seen.size() == total);
            }
        }
        return new Unread(all, Collections.max(totals), false);
    }

    static OpenProjectApi api(UserContext user) {
        return user.http().create(OpenProjectApi.class, connection(user).instanceUrl());
    }

    static ConnectedAccount connection(UserContext user) {
        return user.connection()
                .orElseThrow(() ->
                        new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "Not connected to OpenProject"));
    }

    /** {@code <instance>/<path>}, for links the user opens. */
    static URI link(URI instance, String path) {
        String base = instance.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + path);
    }

    /** A work package's activity page, where its notifications are (as OpenProject's own links go). */
    static URI activity(URI instance, Long projectId, long workPackageId) {
        return link(
                instance,
                (projectId == null ? "" : "projects/" + projectId + "/") + "work_packages/" + workPackageId
                        + "/activity");
    }
}
