package dev.hearth.security;

import dev.hearth.problems.ApiException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a token may do on Hearth's API. Every endpoint needs one scope: reads {@link #API_READ}, writes
 * {@link #API_WRITE}, administration {@link #ADMIN} (see {@link ScopeFeature}). A sign-in session has no scope
 * claim and keeps all of its user's rights; API tokens and OAuth access tokens carry the scopes granted to them.
 */
public final class Scopes {

    public static final String API_READ = "api_read";
    public static final String API_WRITE = "api_write";
    public static final String ADMIN = "admin";

    /** The scopes of Hearth's API, in the order they are shown. */
    public static final List<String> API = List.of(API_READ, API_WRITE, ADMIN);

    /** The claim of a token principal that lists its scopes, space-separated as in OAuth 2.0. */
    public static final String CLAIM = "scope";

    private Scopes() {}

    /**
     * The scopes asked for, checked: at least one, each known, none beyond what the owner may grant (no
     * {@code admin} for a user who is not an administrator). Answers them in the order of {@link #API}.
     */
    public static Set<String> requested(Collection<String> asked, boolean ownerIsAdmin) {
        if (asked == null || asked.isEmpty()) {
            throw ApiException.badRequest("validation_failed", "scopes: choose at least one of " + API);
        }
        for (String scope : asked) {
            if (!API.contains(scope)) {
                throw ApiException.badRequest(
                        "validation_failed", "scopes: '" + scope + "' is not a scope; choose among " + API);
            }
        }
        if (asked.contains(ADMIN) && !ownerIsAdmin) {
            throw new ApiException(403, "scope_not_allowed", "Only administrators can grant the admin scope.");
        }
        return API.stream().filter(asked::contains).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Scopes as stored and sent: space-separated. */
    public static String join(Collection<String> scopes) {
        return String.join(" ", scopes);
    }

    public static Set<String> split(String scopes) {
        return scopes == null || scopes.isBlank()
                ? Set.of()
                : Arrays.stream(scopes.strip().split(" +")).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
