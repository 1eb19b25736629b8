package dev.hearth.search;

import dev.hearth.api.search.SearchEntry;
import java.util.List;

/**
 * One provider's answer.
 *
 * @param status {@code ok}, {@code not_connected}, {@code expired}, {@code error} or {@code timeout}
 * @param cursor Hearth's opaque cursor for this provider's next page, or {@code null}
 * @param message for the user when the status is not {@code ok}
 */
public record ProviderResult(
        String id, String name, String status, List<SearchEntry> entries, String cursor, String message) {}
