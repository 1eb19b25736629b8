package dev.hearth.connections;

import java.time.Instant;
import java.util.List;

/**
 * A plugin's connection as its user sees it.
 *
 * @param status {@code connected}, {@code not_connected}, {@code expired} or {@code error}
 * @param reason why an expired connection expired: {@code refresh_unused}, {@code refresh_lifetime}, {@code
 *     refresh_refused} or {@code credential_refused}; else null
 * @param reasonDetail what the upstream said when it refused, or null
 * @param flows the ways to connect this plugin
 */
public record ConnectionView(
        String pluginId,
        String pluginName,
        String status,
        String accountName,
        String instanceUrl,
        Instant connectedAt,
        String reason,
        String reasonDetail,
        List<FlowView> flows) {

    /** One way to connect: its type, the button's label, and whether the user names the instance URL. */
    public record FlowView(String type, String label, boolean instanceUrl) {}
}
