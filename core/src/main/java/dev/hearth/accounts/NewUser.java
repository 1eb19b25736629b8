package dev.hearth.accounts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an administrator sends to create a user. */
public record NewUser(
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = Usernames.RULE) String username,
        @NotNull @Size(min = 8, max = 256, message = "must be 8 to 256 characters") String password,
        @Size(max = 200) String displayName,
        @Pattern(regexp = "user|admin", message = "must be user or admin") String role,
        @Pattern(regexp = NewUser.EMAIL, message = "must be an e-mail address") @Size(max = 254) String email) {

    /** An address with one {@code @}, a local part and a domain with a dot; deliverability is not checked. */
    static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
}
