package dev.hearth.lifecycle;

import dev.hearth.notifications.NotificationPoller;
import dev.hearth.notifications.NotificationStream;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * This instance's graceful stop, published as the MBean {@value #NAME}: the launcher calls {@link #drain} when the
 * process gets {@code SIGTERM}, before it stops Payara. {@link RequestGate} counts the requests in flight and refuses
 * new ones while draining; readiness says {@code accepting: DOWN}, so that a load balancer sends them elsewhere.
 */
@ApplicationScoped
public class Shutdown implements ShutdownMBean {

    public static final String NAME = "dev.hearth:type=Shutdown";
    /** How long a client whose event stream ended waits before it opens one again (on another instance). */
    static final Duration STREAM_RETRY = Duration.ofSeconds(1);

    private static final Duration STEP_TIME = Duration.ofSeconds(5);

    private static final Logger LOGGER = Logger.getLogger(Shutdown.class.getName());

    @Inject
    NotificationStream streams;

    @Inject
    NotificationPoller poller;

    @Resource
    ManagedExecutorService executor;

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    void publish(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        try {
            ObjectName name = new ObjectName(NAME);
            var server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by an earlier deployment in this JVM
            }
            server.registerMBean(new StandardMBean(this, ShutdownMBean.class), name);
        } catch (JMException e) {
            LOGGER.log(Level.WARNING, "Cannot publish " + NAME + "; a stop will not drain this instance", e);
        }
    }

    @PreDestroy
    void unpublish() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(NAME));
        } catch (JMException | RuntimeException e) {
            LOGGER.log(Level.FINE, NAME + " was not published", e);
        }
    }

    public boolean draining() {
        return draining;
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    @Override
    public int drain(long graceMillis) throws InterruptedException {
        draining = true;
        LOGGER.info("Stopping: refusing new requests, finishing " + inFlight.get() + " in flight");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int left = inFlight.get();
        // the lease first, so that a stream slow to close cannot keep it from the other instances
        String lease = step("poller's lease given up", poller::stop);
        String ended = step("event streams ended", () -> streams.endAll(STREAM_RETRY));
        LOGGER.info("Stopping: " + (left == 0 ? "no request" : left + " request(s)") + " left in flight; " + ended
                + ", " + lease);
        return left;
    }

    /**
     * One step of the stop, on a managed thread (the lease is given up in a transaction of the application's), for up
     * to {@link #STEP_TIME}; a step that fails or takes longer is logged and does not keep the next from running.
     * Answers what to log of it.
     */
    private String step(String done, Runnable step) throws InterruptedException {
        try {
            executor.submit(step).get(STEP_TIME.toMillis(), TimeUnit.MILLISECONDS);
            return done;
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.WARNING, "Stopping: not done within " + STEP_TIME.toSeconds() + " s: " + done, e);
            return "not done: " + done;
        }
    }
}
