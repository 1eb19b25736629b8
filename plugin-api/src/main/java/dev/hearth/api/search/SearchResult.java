package dev.hearth.api.search;

import java.util.List;

/**
 * One page of a provider's results.
 *
 * @param entries the results, best first
 * @param nextCursor the provider's cursor for the next page, or {@code null} when there is none
 * @since 0.4
 */
public record SearchResult(List<SearchEntry> entries, String nextCursor) {

    /**
     * Copies the list.
     *
     * @param entries the results, best first
     * @param nextCursor the provider's cursor for the next page, or {@code null} when there is none
     * @since 0.4
     */
    public SearchResult {
        entries = List.copyOf(entries);
    }
}
