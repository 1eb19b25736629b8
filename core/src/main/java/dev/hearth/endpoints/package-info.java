/** The read-only JSON endpoints plugins offer under {@code /api/v1/plugins/<plugin id>/}. */
package dev.hearth.endpoints;
