package dev.hearth.api.connect;

/**
 * A way for a user to connect their account on the upstream system. Hearth runs the standard flows; a plugin
 * selects and parameterises them in {@link dev.hearth.api.HearthPlugin#authFlows()}.
 *
 * @since 0.2
 */
public interface AuthFlow {

    /**
     * The flow's type, as clients name it when they start it (for example {@code token}).
     *
     * @return the type
     * @since 0.2
     */
    String type();

    /**
     * What the connect button says (for example "Connect with a personal access token").
     *
     * @return the label
     * @since 0.2
     */
    String label();
}
