/** Health checks: ready once the migrations ran and the plugins are loaded; live while the JVM serves. */
package dev.hearth.health;
