package dev.hearth.accounts;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A partial update of a user; absent fields stay as they are. */
public record UserChanges(
        Boolean disabled,
        @Pattern(regexp = "user|admin", message = "must be user or admin") String role,
        @Size(min = 1, max = 200) String displayName,
        @Size(min = 8, max = 256, message = "must be 8 to 256 characters") String password) {

    boolean isEmpty() {
        return disabled == null && role == null && displayName == null && password == null;
    }
}
