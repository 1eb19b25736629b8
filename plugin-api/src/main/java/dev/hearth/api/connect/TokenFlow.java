package dev.hearth.api.connect;

import java.util.Objects;
import java.util.function.Function;

/**
 * The personal access token flow: the user pastes a token (and, when {@code userGivesInstanceUrl}, the URL of
 * their instance); Hearth checks the URL against its SSRF rules, asks the plugin's {@link TokenVerifier} to read
 * the account's identity with it, and only then stores the credential, encrypted.
 *
 * @param label what the connect button says
 * @param userGivesInstanceUrl whether the user names the instance; otherwise the plugin's {@code url} setting does
 * @param credential how the token is presented upstream (for example {@code Credential.Bearer::new})
 * @param verifier reads the account's identity with the token, or throws {@link UpstreamException}
 * @since 0.2
 */
public record TokenFlow(String label, boolean userGivesInstanceUrl, Function<String, Credential> credential,
        TokenVerifier verifier) implements AuthFlow {

    /** The type name clients use to start this flow. */
    public static final String TYPE = "token";

    /**
     * Checks that every part is there.
     *
     * @since 0.2
     */
    public TokenFlow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
