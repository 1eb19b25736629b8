/**
 * Connecting a user's account on an upstream system: the flows a plugin offers ({@link dev.hearth.plugin.connect.AuthFlow}),
 * the credential Hearth stores encrypted ({@link dev.hearth.plugin.connect.Credential}), the identity shown as
 * "Connected as …" ({@link dev.hearth.plugin.connect.AccountIdentity}), and the HTTP clients through which a plugin
 * reaches the upstream ({@link dev.hearth.plugin.connect.HttpClients}).
 *
 * @since 0.2
 */
package dev.hearth.plugin.connect;
