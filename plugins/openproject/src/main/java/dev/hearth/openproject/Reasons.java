package dev.hearth.openproject;

import dev.hearth.api.UserContext;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** OpenProject's notification reasons in the user's words ({@code reason.<reason>} in the message bundle). */
final class Reasons {

    /** The reasons OpenProject sends (both date alerts arrive as {@code dateAlert}). */
    static final Set<String> KNOWN = Set.of(
            "mentioned",
            "assigned",
            "responsible",
            "watched",
            "subscribed",
            "commented",
            "created",
            "processed",
            "prioritized",
            "scheduled",
            "shared",
            "reminder",
            "dateAlert");

    private Reasons() {}

    static String word(UserContext user, String reason) {
        return KNOWN.contains(reason) ? user.message("reason." + reason) : reason;
    }

    /** Several reasons, each once, in the order given. */
    static String words(UserContext user, Collection<String> reasons) {
        return reasons.stream().distinct().map(r -> word(user, r)).collect(Collectors.joining(", "));
    }
}
