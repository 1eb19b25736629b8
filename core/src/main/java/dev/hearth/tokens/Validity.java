package dev.hearth.tokens;

import dev.hearth.problems.ApiException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

/** How long a new API token stays valid: one of a few choices, a year when none is given. */
final class Validity {

    static final List<String> CHOICES = List.of("P1D", "P7D", "P1M", "P3M", "P1Y");
    static final String DEFAULT = "P1Y";

    private Validity() {}

    /** When a token made now with this validity expires (calendar months and years, in UTC). */
    static Instant expiry(String validity, Instant now) {
        String chosen = validity == null ? DEFAULT : validity;
        if (!CHOICES.contains(chosen)) {
            throw ApiException.badRequest(
                    "validation_failed", "validity: '" + chosen + "' is not one of " + String.join(", ", CHOICES));
        }
        return now.atOffset(ZoneOffset.UTC).plus(Period.parse(chosen)).toInstant();
    }
}
