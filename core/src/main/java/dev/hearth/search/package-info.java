/**
 * Unified search: every running plugin's search providers asked in parallel for one user, each with its own
 * timeout and status, paged by opaque cursors; as one answer, or streamed provider by provider (SSE).
 */
package dev.hearth.search;
