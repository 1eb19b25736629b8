package dev.hearth.api.connect;

import java.net.URI;

/**
 * Reads the identity of the account a token belongs to, typically with a "who am I" call upstream.
 *
 * @since 0.4
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @param instanceUrl the upstream instance, already checked against Hearth's SSRF rules
     * @param http clients that present the token under test
     * @return the account's identity
     * @throws UpstreamException when the upstream refuses the token or cannot be reached
     * @since 0.4
     */
    AccountIdentity verify(URI instanceUrl, HttpClients http) throws UpstreamException;
}
