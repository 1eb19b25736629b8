package dev.hearth.api.connect;

import java.util.OptionalInt;

/**
 * An upstream system did not give what was asked. Hearth turns the kind into the user's answer: a refused
 * credential marks the connection expired, an unreachable upstream is reported as such, and so on.
 *
 * @since 0.4
 */
public class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * What went wrong.
     *
     * @since 0.4
     */
    public enum Kind {
        /** The upstream refused the credential (401, 403, a revoked token). */
        UNAUTHORIZED,
        /** The upstream could not be reached, or did not answer in time. */
        UNAVAILABLE,
        /** The upstream answered, but with an error status or something unreadable. */
        BAD_RESPONSE,
        /** Hearth's rules forbid the address (SSRF protection). */
        NOT_ALLOWED
    }

    /** What went wrong. */
    private final Kind kind;

    /** The upstream's HTTP status, or 0 when the failure came without one. */
    private final int status;

    /**
     * @param kind what went wrong
     * @param message a sentence for the user, without secrets
     * @since 0.4
     */
    public UpstreamException(Kind kind, String message) {
        this(kind, message, 0);
    }

    /**
     * @param kind what went wrong
     * @param message a sentence for the user, without secrets
     * @param status the upstream's HTTP status that meant the failure (Hearth's HTTP clients give it)
     * @since 0.4
     */
    public UpstreamException(Kind kind, String message, int status) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    /**
     * @param kind what went wrong
     * @param message a sentence for the user, without secrets
     * @param cause the underlying failure
     * @since 0.4
     */
    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = 0;
    }

    /**
     * @return what went wrong
     * @since 0.4
     */
    public Kind kind() {
        return kind;
    }

    /**
     * @return the upstream's HTTP status that meant the failure (for example 403 for a token without the scope an
     *     endpoint needs), when the failure was an HTTP answer
     * @since 0.4
     */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
