package dev.hearth.api.connect;

import java.net.URI;
import java.util.Objects;
import java.util.function.Function;

/**
 * The personal access token flow: the user pastes a token (and, for {@link #anyInstance}, the URL of their
 * instance); Hearth checks the URL against its SSRF rules, asks the plugin's {@link TokenVerifier} to read the
 * account's identity with it, and only then stores the credential, encrypted.
 *
 * @param label what the connect button says
 * @param instanceUrl the instance every user connects to, or {@code null} when the user names it, or when the
 *     administrator has not configured it yet (then connecting answers that the plugin is not configured)
 * @param userGivesInstanceUrl whether the user names the instance
 * @param credential how the token is presented upstream (for example {@code Credential.Bearer::new})
 * @param verifier reads the account's identity with the token, or throws {@link UpstreamException}
 * @since 0.4
 */
public record TokenFlow(
        String label,
        URI instanceUrl,
        boolean userGivesInstanceUrl,
        Function<String, Credential> credential,
        TokenVerifier verifier)
        implements AuthFlow {

    /** The type name clients use to start this flow. */
    public static final String TYPE = "token";

    /**
     * Checks that every part is there, and that a flow whose user names the instance names none itself.
     *
     * @param label what the connect button says
     * @param instanceUrl the instance every user connects to, or {@code null} when the user names it, or when the
     *     administrator has not configured it yet (then connecting answers that the plugin is not configured)
     * @param userGivesInstanceUrl whether the user names the instance
     * @param credential how the token is presented upstream (for example {@code Credential.Bearer::new})
     * @param verifier reads the account's identity with the token, or throws {@link UpstreamException}
     * @since 0.4
     */
    public TokenFlow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(verifier, "verifier");
        if (userGivesInstanceUrl && instanceUrl != null) {
            throw new IllegalArgumentException("A flow whose user names the instance has no instance URL of its own");
        }
    }

    /**
     * Tokens for one instance, the same for every user.
     *
     * @param label what the connect button says
     * @param instanceUrl the instance, or {@code null} while the administrator has not configured it
     * @param credential how the token is presented upstream
     * @param verifier reads the account's identity with the token
     * @return the flow
     * @since 0.4
     */
    public static TokenFlow forInstance(
            String label, URI instanceUrl, Function<String, Credential> credential, TokenVerifier verifier) {
        return new TokenFlow(label, instanceUrl, false, credential, verifier);
    }

    /**
     * Tokens for any instance the user names.
     *
     * @param label what the connect button says
     * @param credential how the token is presented upstream
     * @param verifier reads the account's identity with the token
     * @return the flow
     * @since 0.4
     */
    public static TokenFlow anyInstance(String label, Function<String, Credential> credential, TokenVerifier verifier) {
        return new TokenFlow(label, null, true, credential, verifier);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
