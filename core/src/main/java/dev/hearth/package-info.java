/**
 * Hearth's core, packaged by feature: {@code accounts} (users and sign-in), {@code security} (JWT keys, the
 * authentication mechanism, session checks), {@code plugins} (the registry of loaded plugins), {@code database}
 * (data source and migrations), {@code problems} (the error contract), {@code health}.
 */
package dev.hearth;
