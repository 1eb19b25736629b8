/**
 * The database: Hearth's data source (MariaDB, from {@code HEARTH_DB_URL} / {@code _USER} / {@code _PASSWORD}),
 * and the Liquibase migrations that run at start-up before anything touches JPA.
 */
package dev.hearth.database;
