/**
 * The error contract: every error answer is {@code application/problem+json} (RFC 9457) with a stable
 * {@code code} (and the {@code type} URI made from it), the HTTP status, a short title and a human message.
 * Resources throw {@link dev.hearth.problems.ApiException}; the mappers here turn everything else (malformed
 * JSON, validation, unknown paths, container errors) into the same shape, never with a stack trace.
 */
package dev.hearth.problems;
