/** Hearth's own figures on {@code /metrics} (MicroProfile Metrics, application scope). */
package dev.hearth.metrics;
