package dev.hearth.oauth;

import dev.hearth.security.Scopes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The scopes a client can ask Hearth's provider for: OpenID Connect's, and those of Hearth's API. */
final class ProviderScopes {

    static final String OPENID = "openid";
    static final String PROFILE = "profile";
    static final String EMAIL = "email";

    static final List<String> SUPPORTED = Stream.concat(Stream.of(OPENID, PROFILE, EMAIL), Scopes.API.stream())
            .toList();

    private ProviderScopes() {}

    /** What a user can grant of what was asked, in the order of {@link #SUPPORTED}: no admin for non-admins. */
    static Set<String> grantable(Set<String> asked, boolean admin) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : SUPPORTED) {
            if (asked.contains(scope) && (admin || !scope.equals(Scopes.ADMIN))) {
                granted.add(scope);
            }
        }
        return granted;
    }
}
