package dev.hearth.oauth;

import dev.hearth.accounts.Account;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The claims about a user that OpenID Connect's scopes release, for ID tokens and the UserInfo endpoint. */
final class UserClaims {

    private UserClaims() {}

    static Map<String, Object> of(Account user, Set<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scopes.contains(ProviderScopes.PROFILE)) {
            claims.put("name", user.displayName());
            claims.put("preferred_username", user.username());
        }
        if (scopes.contains(ProviderScopes.EMAIL) && user.email() != null) {
            claims.put("email", user.email());
            claims.put("email_verified", user.emailVerified());
        }
        return claims;
    }
}
