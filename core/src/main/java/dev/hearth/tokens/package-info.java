/**
 * Hearth's API tokens: system API tokens (administrators', acting as the designated system user) and personal
 * access tokens (a user's own), scoped, shown once and stored as hashes, checked by the authentication mechanism.
 */
package dev.hearth.tokens;
