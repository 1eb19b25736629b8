package dev.hearth.accounts;

import java.time.Instant;

/** A user as the API shows it: never with the password hash. */
public record UserView(
        long id, String username, String displayName, String role, boolean disabled, String email, Instant createdAt) {

    static UserView of(Account account) {
        return new UserView(
                account.id,
                account.username,
                account.displayName,
                account.role,
                account.disabled,
                account.email,
                account.createdAt);
    }
}
