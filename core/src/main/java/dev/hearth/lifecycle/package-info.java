/**
 * A graceful stop: on {@code SIGTERM} the launcher asks {@link dev.hearth.lifecycle.Shutdown} (a JMX operation) to
 * drain this instance before Payara stops: no new requests, those in flight finished, event streams ended with a
 * retry hint, the poller's lease given up.
 */
package dev.hearth.lifecycle;
