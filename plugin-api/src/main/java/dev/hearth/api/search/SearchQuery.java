package dev.hearth.api.search;

/**
 * What the user searches for.
 *
 * @param term the search term, trimmed, 1 to 200 characters
 * @param limit the most entries to answer, 1 to 25
 * @param cursor the provider's own cursor from the previous page, or {@code null} for the first page
 * @since 0.4
 */
public record SearchQuery(String term, int limit, String cursor) {}
