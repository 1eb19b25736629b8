package dev.hearth.api.endpoints;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Ends a {@link PluginEndpoint} call with an {@code application/problem+json} answer: an HTTP status, a stable
 * machine-readable code and a sentence for the user.
 *
 * @since 0.4
 */
public class EndpointProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,63}");

    /** The HTTP status of the answer. */
    private final int status;
    /** The problem's stable code. */
    private final String code;

    /**
     * @param status an HTTP client or server error status, 400 to 599
     * @param code a stable snake_case code (for example {@code nextcloud_not_connected})
     * @param detail what went wrong, in a sentence the user can act on; no secrets
     * @throws IllegalArgumentException if the status is not an error status or the code is malformed
     * @since 0.4
     */
    public EndpointProblem(int status, String code, String detail) {
        super(Objects.requireNonNull(detail, "detail"));
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("An endpoint problem needs an error status, not " + status);
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("A problem code is snake_case: " + code);
        }
        this.status = status;
        this.code = code;
    }

    /**
     * @return the HTTP status
     * @since 0.4
     */
    public int status() {
        return status;
    }

    /**
     * @return the stable code
     * @since 0.4
     */
    public String code() {
        return code;
    }
}
