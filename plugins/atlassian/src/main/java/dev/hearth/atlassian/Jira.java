package dev.hearth.atlassian;

import dev.hearth.api.connect.UpstreamException;
import dev.hearth.api.dashboard.ItemStatus;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Jira Cloud through the gateway: the enhanced JQL search, issues, and what the plugin reads of them. */
final class Jira {

    /** The fields every read asks for (the search answers only {@code id} unless told). */
    static final List<String> FIELDS = List.of(
            "summary", "status", "priority", "assignee", "reporter", "created", "updated", "project", "issuetype");

    /** An issue key: a project key (a letter, then letters, digits or underscores) and a number. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}-[1-9][0-9]{0,17}");

    private Jira() {}

    /** What the plugin shows of an issue. */
    record Issue(
            String id,
            String key,
            String summary,
            String status,
            String category,
            String priority,
            String assigneeId,
            String reporterId,
            Instant updated,
            String project,
            URI browse) {

        /** The status as a coloured label: the category key says the colour, as in Jira's own lozenges. */
        ItemStatus itemStatus() {
            ItemStatus.Tone tone =
                    switch (category == null ? "" : category) {
                        case "indeterminate" -> ItemStatus.Tone.ACTIVE;
                        case "done" -> ItemStatus.Tone.DONE;
                        default -> ItemStatus.Tone.NEUTRAL;
                    };
            return status == null ? null : new ItemStatus(status, tone);
        }
    }

    /** One page of a search, and the token of the next page (absent on the last). */
    record Page(List<Issue> issues, List<JsonObject> raw, String nextPageToken) {}

    /** Whether the term is an issue key, as {@code ABC-123} (any case). */
    static boolean isKey(String term) {
        return KEY.matcher(term).matches();
    }

    /**
     * A JQL string literal: the term in double quotes, with {@code \} and {@code "} escaped and control characters
     * made spaces, so that no term can end the literal and add clauses of its own.
     */
    static String literal(String term) {
        StringBuilder out = new StringBuilder(term.length() + 2).append('"');
        term.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c)) {
                out.append(' ');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    /** {@code POST /rest/api/3/search/jql} on one site; {@code expand} is e.g. {@code changelog}, or null. */
    static Page search(Atlassian atlassian, Site site, String jql, int max, String pageToken, String expand) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("jql", jql)
                .add("fields", Json.createArrayBuilder(FIELDS))
                .add("maxResults", max);
        if (pageToken != null) {
            body.add("nextPageToken", pageToken);
        }
        if (expand != null) {
            body.add("expand", expand);
        }
        JsonObject answer = Bodies.object(
                atlassian.call(g -> g.search(site.id(), body.build().toString())), "the Jira search of " + site.name());
        if (!(answer.get("issues") instanceof JsonArray issues)) {
            throw Bodies.notAtlassian("the Jira search of " + site.name(), "no issues");
        }
        List<Issue> parsed = new ArrayList<>();
        List<JsonObject> raw = new ArrayList<>();
        for (JsonValue value : issues) {
            if (value instanceof JsonObject issue) {
                issue(issue, site).ifPresent(i -> {
                    parsed.add(i);
                    raw.add(issue);
                });
            }
        }
        String next = Bodies.text(answer, "nextPageToken");
        boolean last = answer.getBoolean("isLast", next == null);
        return new Page(parsed, raw, last ? null : next);
    }

    /** One issue by key, or empty when the site has none the user may see (404). */
    static Optional<Issue> byKey(Atlassian atlassian, Site site, String key) {
        try {
            JsonObject issue = Bodies.object(
                    atlassian.call(g -> g.issue(site.id(), key.toUpperCase(Locale.ROOT), String.join(",", FIELDS))),
                    "the Jira issue " + key);
            return issue(issue, site);
        } catch (UpstreamException e) {
            if (e.status().orElse(0) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An issue of a search, a webhook delivery or a read; empty when it lacks its id or key. */
    static Optional<Issue> issue(JsonObject issue, Site site) {
        String id = Bodies.id(issue, "id");
        String key = Bodies.text(issue, "key");
        JsonObject fields = Bodies.child(issue, "fields");
        if (id == null || key == null || fields == null) {
            return Optional.empty();
        }
        JsonObject status = Bodies.child(fields, "status");
        return Optional.of(new Issue(
                id,
                key,
                Optional.ofNullable(Bodies.text(fields, "summary")).orElse(""),
                Bodies.text(status, "name"),
                Bodies.text(Bodies.child(status, "statusCategory"), "key"),
                Bodies.text(Bodies.child(fields, "priority"), "name"),
                Bodies.text(Bodies.child(fields, "assignee"), "accountId"),
                Bodies.text(Bodies.child(fields, "reporter"), "accountId"),
                Bodies.time(Bodies.text(fields, "updated")),
                Bodies.text(Bodies.child(fields, "project"), "name"),
                site.link("/browse/" + key)));
    }
}
