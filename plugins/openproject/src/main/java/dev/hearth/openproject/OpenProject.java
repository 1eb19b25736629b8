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
import java.util.List;

/** The OpenProject calls the plugin makes, for one user's connection. */
final class OpenProject {

    /** Unread notifications per page; OpenProject allows up to 1000 ({@code apiv3_max_page_size}). */
    static final int PAGE_SIZE = 100;
    /** At most this many pages of unread notifications are read (10,000 notifications). */
    static final int MAX_PAGES = 100;

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

    /** Every unread in-app notification of the user, newest first, and whether that is all of them. */
    record Unread(List<InAppNotification> notifications, int total, boolean complete) {}

    /** Pages through the user's unread notifications ({@code nextByOffset} says whether there is another page). */
    static Unread unread(UserContext user) {
        OpenProjectApi api = api(user);
        List<InAppNotification> all = new ArrayList<>();
        int total = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonObject collection =
                    Hal.resource(api.notifications(page, PAGE_SIZE, UNREAD, NEWEST_FIRST), "Collection");
            total = collection.getInt("total", 0);
            for (JsonValue element : Hal.elements(collection)) {
                InAppNotification.of(element).ifPresent(all::add);
            }
            if (Hal.href(collection, "nextByOffset").isEmpty()) {
                return new Unread(all, total, true);
            }
        }
        return new Unread(all, total, false);
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
