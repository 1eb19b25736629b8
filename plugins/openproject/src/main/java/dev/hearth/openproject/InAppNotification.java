package dev.hearth.openproject;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One of OpenProject's in-app notifications, about a work package: why ({@code reason}), when, who caused it (none
 * for date alerts), and the work package and project as the notification's links name them.
 */
record InAppNotification(
        String id,
        String reason,
        Instant createdAt,
        long workPackageId,
        String subject,
        Long projectId,
        String project,
        String actor) {

    /** The notification, or none when the element is not a notification about a work package. */
    static Optional<InAppNotification> of(JsonValue element) {
        if (!(element instanceof JsonObject n)
                || !"Notification".equals(n.getString("_type", null))
                || !(n.get("id") instanceof jakarta.json.JsonNumber id)) {
            return Optional.empty();
        }
        Optional<Long> workPackage = Hal.href(n, "resource")
                .filter(h -> h.contains("/work_packages/"))
                .flatMap(h -> Hal.linkedId(n, "resource"));
        if (workPackage.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InAppNotification(
                id.toString(),
                n.getString("reason", "unknown"),
                time(n.getString("createdAt", null)),
                workPackage.get(),
                Hal.title(n, "resource").orElse(""),
                Hal.linkedId(n, "project").orElse(null),
                Hal.title(n, "project").orElse(""),
                Hal.title(n, "actor").orElse(null)));
    }

    private static Instant time(String text) {
        try {
            return text == null ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** {@code #77 Subject}, as OpenProject names a work package. */
    String workPackage() {
        return "#" + workPackageId + (subject.isBlank() ? "" : " " + subject);
    }
}
