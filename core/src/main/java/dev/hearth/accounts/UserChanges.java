package dev.hearth.accounts;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A partial update of a user; absent fields stay as they are. A class with public fields rather than a record:
 * JSON-B fills a missing {@code Boolean} record component with {@code false}, which would turn an absent
 * {@code disabled} into "enable".
 */
public class UserChanges {

    public Boolean disabled;

    @Pattern(regexp = "user|admin", message = "must be user or admin")
    public String role;

    @Size(min = 1, max = 200)
    public String displayName;

    @Size(min = 8, max = 256, message = "must be 8 to 256 characters")
    public String password;

    /** The user's e-mail address (not verified: only an identity provider can vouch for it); "" removes it. */
    @Pattern(regexp = "|" + NewUser.EMAIL, message = "must be an e-mail address")
    @Size(max = 254)
    public String email;

    boolean isEmpty() {
        return disabled == null && role == null && displayName == null && password == null && email == null;
    }
}
