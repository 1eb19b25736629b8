package dev.hearth.api.connect;

/**
 * A way for a user to connect their account on the upstream system. Hearth runs the three standard flows; a plugin
 * selects and parameterises them in {@link dev.hearth.api.HearthPlugin#authFlows()}. The interface is sealed to
 * them: a flow Hearth cannot run is not a flow a plugin can offer.
 *
 * @since 0.4
 */
public sealed interface AuthFlow permits OAuth2Flow, LoginFlowV2, TokenFlow {

    /**
     * The flow's type, as clients name it when they start it (for example {@code token}).
     *
     * @return the type
     * @since 0.4
     */
    String type();

    /**
     * What the connect button says (for example "Connect with a personal access token").
     *
     * @return the label
     * @since 0.4
     */
    String label();
}
