/**
 * Connecting a user's account on an upstream system: the flows a plugin offers ({@link dev.hearth.api.connect.AuthFlow}),
 * the credential Hearth stores encrypted ({@link dev.hearth.api.connect.Credential}), the identity shown as
 * "Connected as …" ({@link dev.hearth.api.connect.AccountIdentity}), and the HTTP clients through which a plugin
 * reaches the upstream ({@link dev.hearth.api.connect.HttpClients}).
 *
 * @since 0.4
 */
package dev.hearth.api.connect;
