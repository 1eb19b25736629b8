package dev.hearth.lifecycle;

/** The management interface of {@link Shutdown}, which the launcher calls on {@code SIGTERM}. */
public interface ShutdownMBean {

    /**
     * Drains this instance: refuses new requests, waits up to {@code graceMillis} for those in flight, ends the event
     * streams with a retry hint and gives up the poller's lease. Answers the requests still in flight at the end.
     */
    int drain(long graceMillis) throws Exception;
}
