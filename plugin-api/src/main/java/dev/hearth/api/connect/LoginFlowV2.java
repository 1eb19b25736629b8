package dev.hearth.api.connect;

import java.util.Objects;

/**
 * Nextcloud's Login Flow v2. Hearth asks the instance for a login URL and a poll token
 * ({@code POST <instance>/index.php/login/v2}), the user opens the login URL and grants access, and Hearth polls
 * until the instance hands over a login name and an app password once (or until the upstream's 20 minutes are
 * up). The app password is used as HTTP Basic credential, stored encrypted, and revoked upstream
 * ({@code DELETE /ocs/v2.php/core/apppassword}) when the user disconnects.
 *
 * @param label what the connect button says (for example "Mit Nextcloud verbinden")
 * @param userGivesInstanceUrl whether the user names the instance; otherwise the plugin's {@code url} setting does
 * @param verifier reads the account's identity with the new app password
 * @since 0.2
 */
public record LoginFlowV2(String label, boolean userGivesInstanceUrl, TokenVerifier verifier) implements AuthFlow {

    /** The type name clients use to start this flow. */
    public static final String TYPE = "login-flow-v2";

    /**
     * Checks that every part is there.
     *
     * @since 0.2
     */
    public LoginFlowV2 {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
