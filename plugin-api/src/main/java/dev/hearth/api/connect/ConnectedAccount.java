package dev.hearth.api.connect;

import java.net.URI;

/**
 * A user's connection to the upstream, as a plugin sees it while serving that user.
 *
 * @param instanceUrl the upstream instance
 * @param account who the user is there
 * @param credential the decrypted credential; {@link HttpClients} already adds it to requests
 * @since 0.4
 */
public record ConnectedAccount(URI instanceUrl, AccountIdentity account, Credential credential) {}
