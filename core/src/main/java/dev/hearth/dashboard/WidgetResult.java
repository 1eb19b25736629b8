package dev.hearth.dashboard;

import dev.hearth.api.dashboard.WidgetButton;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.api.dashboard.WidgetItem;
import java.time.Instant;
import java.util.List;

/**
 * One widget's answer for one user.
 *
 * @param status {@code ok}, {@code not_connected}, {@code expired}, {@code error} or {@code timeout}
 * @param message for the user when the status is not {@code ok}
 */
public record WidgetResult(
        String id,
        String status,
        List<WidgetItem> items,
        Integer totalBadge,
        String emptyText,
        List<WidgetButton> buttons,
        String message,
        Instant loadedAt) {

    static final String OK = "ok";
    static final String ERROR = "error";
    static final String TIMEOUT = "timeout";

    static WidgetResult ok(String id, WidgetContent content, Instant at) {
        return new WidgetResult(
                id, OK, content.items(), content.totalBadge(), content.emptyText(), content.buttons(), null, at);
    }

    static WidgetResult of(String id, dev.hearth.connections.UserCall.Outcome<WidgetContent> outcome, Instant at) {
        return outcome.ok() ? ok(id, outcome.value(), at) : failed(id, outcome.status(), outcome.message(), at);
    }

    static WidgetResult failed(String id, String status, String message, Instant at) {
        return new WidgetResult(id, status, List.of(), null, null, List.of(), message, at);
    }

    boolean ok() {
        return OK.equals(status);
    }
}
