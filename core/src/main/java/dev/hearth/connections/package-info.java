/**
 * Connected accounts: a user's connection to each plugin's upstream system, made through the plugin's auth flows,
 * its credential encrypted at rest; the SSRF rules for user-supplied URLs ({@link dev.hearth.connections.UrlGuard});
 * and the HTTP clients plugins reach upstreams with ({@link dev.hearth.connections.HostHttpClients}).
 */
package dev.hearth.connections;
