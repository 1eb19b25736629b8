package dev.hearth.api.notifications;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One webhook delivery as Hearth received it.
 *
 * @param query the request's query parameters, each with all its values in order
 * @param headers the request's headers, names in lower case, each with all its values in order
 * @param body the request's body, at most 256 KiB
 * @since 0.4
 */
public record WebhookDelivery(Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {

    /**
     * Copies the maps and lower-cases the header names.
     *
     * @param query the request's query parameters
     * @param headers the request's headers
     * @param body the request's body
     * @since 0.4
     */
    public WebhookDelivery {
        query = Map.copyOf(query);
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (a, b) -> a));
        body = body.clone();
    }

    /**
     * @param name a header name, in any case
     * @return the header's first value, if the request had it
     * @since 0.4
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param name a query parameter's name
     * @return its first value, if the request had it
     * @since 0.4
     */
    public Optional<String> parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @return the body as UTF-8 text
     * @since 0.4
     */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * @return a copy of the body
     * @since 0.4
     */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
