package dev.hearth.api.connect;

import java.net.URI;
import java.util.Objects;

/**
 * Nextcloud's Login Flow v2. Hearth asks the instance for a login URL and a poll token
 * ({@code POST <instance>/index.php/login/v2}), the user opens the login URL and grants access, and Hearth polls
 * until the instance hands over a login name and an app password once (or until the upstream's 20 minutes are
 * up). The app password is used as HTTP Basic credential, stored encrypted, and revoked upstream
 * ({@code DELETE /ocs/v2.php/core/apppassword}) when the user disconnects.
 *
 * @param label what the connect button says (for example "Mit Nextcloud verbinden")
 * @param instanceUrl the instance every user connects to, or {@code null} when the user names it, or when the
 *     administrator has not configured it yet (then connecting answers that the plugin is not configured)
 * @param userGivesInstanceUrl whether the user names the instance
 * @param verifier reads the account's identity with the new app password
 * @since 0.4
 */
public record LoginFlowV2(String label, URI instanceUrl, boolean userGivesInstanceUrl, TokenVerifier verifier)
        implements AuthFlow {

    /** The type name clients use to start this flow. */
    public static final String TYPE = "login-flow-v2";

    /**
     * Checks that every part is there, and that a flow whose user names the instance names none itself.
     *
     * @param label what the connect button says (for example "Mit Nextcloud verbinden")
     * @param instanceUrl the instance every user connects to, or {@code null} when the user names it, or when the
     *     administrator has not configured it yet (then connecting answers that the plugin is not configured)
     * @param userGivesInstanceUrl whether the user names the instance
     * @param verifier reads the account's identity with the new app password
     * @since 0.4
     */
    public LoginFlowV2 {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(verifier, "verifier");
        if (userGivesInstanceUrl && instanceUrl != null) {
            throw new IllegalArgumentException("A flow whose user names the instance has no instance URL of its own");
        }
    }

    /**
     * Login Flow v2 with one instance, the same for every user.
     *
     * @param label what the connect button says
     * @param instanceUrl the instance, or {@code null} while the administrator has not configured it
     * @param verifier reads the account's identity with the new app password
     * @return the flow
     * @since 0.4
     */
    public static LoginFlowV2 forInstance(String label, URI instanceUrl, TokenVerifier verifier) {
        return new LoginFlowV2(label, instanceUrl, false, verifier);
    }

    /**
     * Login Flow v2 with any instance the user names.
     *
     * @param label what the connect button says
     * @param verifier reads the account's identity with the new app password
     * @return the flow
     * @since 0.4
     */
    public static LoginFlowV2 anyInstance(String label, TokenVerifier verifier) {
        return new LoginFlowV2(label, null, true, verifier);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
