package dev.hearth.atlassian;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Atlassian site of the user's grant: its cloud id (the gateway's key to it), name, browser URL, avatar, and the
 * products the grant covers there ({@code jira}, {@code confluence}).
 */
record Site(String id, String name, URI url, URI avatarUrl, Set<String> products) {

    static final String JIRA = "jira";
    static final String CONFLUENCE = "confluence";

    Site {
        products = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(products));
    }

    boolean has(String product) {
        return products.contains(product);
    }

    /** {@code <site url><path>}, for links the user opens. */
    URI link(String path) {
        return under(url, path);
    }

    /** {@code <base><path>}, whether or not the base ends in a slash; {@code path} starts with one. */
    static URI under(URI base, String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    /**
     * The sites of an {@code accessible-resources} answer. One site can come as several entries with the same id
     * (one per product), told apart only by their scopes: they are merged, and a site's products are those its
     * entries' scopes name. Entries without an id or a usable URL are skipped.
     */
    static List<Site> parse(JsonArray resources) {
        Map<String, Site> byId = new LinkedHashMap<>();
        for (JsonValue value : resources) {
            if (!(value instanceof JsonObject entry)) {
                continue;
            }
            String id = Bodies.text(entry, "id");
            URI url = Bodies.url(Bodies.text(entry, "url")).orElse(null);
            if (id == null || id.isBlank() || url == null) {
                continue;
            }
            Set<String> products = new TreeSet<>();
            if (entry.get("scopes") instanceof JsonArray scopes) {
                for (JsonValue scope : scopes) {
                    String name = scope instanceof jakarta.json.JsonString s ? s.getString() : "";
                    if (name.contains("jira")) {
                        products.add(JIRA);
                    } else if (name.contains("confluence")) {
                        products.add(CONFLUENCE);
                    }
                }
            }
            Site earlier = byId.get(id);
            if (earlier != null) {
                products.addAll(earlier.products());
            }
            String name = Bodies.text(entry, "name");
            byId.put(
                    id,
                    new Site(
                            id,
                            name == null || name.isBlank() ? url.getHost() : name,
                            earlier != null ? earlier.url() : url,
                            earlier != null && earlier.avatarUrl() != null
                                    ? earlier.avatarUrl()
                                    : Bodies.url(Bodies.text(entry, "avatarUrl"))
                                            .orElse(null),
                            products));
        }
        return new ArrayList<>(byId.values());
    }

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("name", name)
                .add("url", url.toString())
                .add("avatarUrl", avatarUrl == null ? JsonValue.NULL : Json.createValue(avatarUrl.toString()))
                .add("products", Json.createArrayBuilder(List.copyOf(products)))
                .build();
    }

    static Site fromJson(JsonObject json) {
        Set<String> products = new TreeSet<>();
        json.getJsonArray("products")
                .getValuesAs(jakarta.json.JsonString.class)
                .forEach(p -> products.add(p.getString()));
        return new Site(
                json.getString("id"),
                json.getString("name"),
                URI.create(json.getString("url")),
                Bodies.url(Bodies.text(json, "avatarUrl")).orElse(null),
                products);
    }
}
