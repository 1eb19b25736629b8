package dev.hearth.atlassian;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search cursor across sites: for each site that has more, that site's own cursor (Jira's {@code nextPageToken},
 * Confluence's {@code cursor}), as base64url JSON. Hearth hands it back as it was; one that cannot be read starts
 * over.
 */
final class SiteCursor {

    private SiteCursor() {}

    /** The sites to ask and their cursors; every site (with a null cursor) for the first page. */
    static Map<String, String> read(String cursor, List<Site> sites) {
        Map<String, String> next = new LinkedHashMap<>();
        if (cursor == null) {
            sites.forEach(s -> next.put(s.id(), null));
            return next;
        }
        JsonObject json;
        try {
            json = Bodies.object(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8), "cursor");
        } catch (RuntimeException e) {
            sites.forEach(s -> next.put(s.id(), null));
            return next;
        }
        for (Site site : sites) {
            if (json.get(site.id()) instanceof JsonString token) {
                next.put(site.id(), token.getString());
            }
        }
        return next;
    }

    /** The cursor of the next page, or null when no site has more. */
    static String write(Map<String, String> more) {
        if (more.isEmpty()) {
            return null;
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        more.forEach(json::add);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Each site's share of a page of {@code limit} entries over {@code sites} sites: at least one. */
    static int share(int limit, int sites) {
        return Math.max(1, limit / Math.max(1, sites));
    }
}
