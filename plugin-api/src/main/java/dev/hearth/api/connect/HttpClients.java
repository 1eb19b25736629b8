package dev.hearth.api.connect;

import java.net.URI;

/**
 * Makes MicroProfile Rest Clients for the upstream. Every client Hearth makes applies its connect and read
 * timeouts, refuses addresses its SSRF rules forbid (also after redirects, which it does not follow), and adds
 * the credential of the connection it was made for.
 *
 * <p>A call that the upstream answers with 401 or 403 throws {@link UpstreamException} of kind
 * {@link UpstreamException.Kind#UNAUTHORIZED}; one that cannot connect or times out,
 * {@link UpstreamException.Kind#UNAVAILABLE}; another error status or an unreadable body,
 * {@link UpstreamException.Kind#BAD_RESPONSE}.
 *
 * @since 0.4
 */
public interface HttpClients {

    /**
     * A client for a MicroProfile Rest Client interface.
     *
     * @param <T> the interface type
     * @param api the interface, annotated with Jakarta REST annotations
     * @param baseUri the upstream's base URI
     * @return a client
     * @throws UpstreamException of kind {@link UpstreamException.Kind#NOT_ALLOWED} if the URI is refused
     * @since 0.4
     */
    <T> T create(Class<T> api, URI baseUri);
}
