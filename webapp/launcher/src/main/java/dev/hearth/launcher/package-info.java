/**
 * The runnable Hearth: {@code java -jar webapp/target/hearth.jar}. Reads the {@code HEARTH_*} settings, starts
 * an embedded MariaDB when no external one is configured, boots Payara Micro with {@code hearth.war} at the
 * root context, and reports when Hearth is ready.
 */
package dev.hearth.launcher;
