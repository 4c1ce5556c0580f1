package io.janus.edge;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a cloud that keeps failing: after {@code threshold} consecutive failures the breaker opens (frames
 * run device-only) and a background probe asks the cloud every {@code probeInterval}; the first answer closes it. A
 * probe that takes longer than the interval (one timing out on a link that is down) is followed at once by the next,
 * so a link that comes back is seen within about one probe's time rather than its time plus the interval; probes
 * never overlap nor catch up in a burst.
 */
public final class CircuitBreaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private final int threshold;
    private final Duration probeInterval;
    private final BooleanSupplier probe;
    private final Runnable onRecovered;
    private final ScheduledExecutorService prober;
    private int consecutiveFailures;
    private boolean open;

    /**
     * @param threshold     consecutive failed calls that open the breaker
     * @param probeInterval least time from one probe's start to the next's while open
     * @param probe         true when the cloud answers (for instance a health check); must not throw
     */
    public CircuitBreaker(int threshold, Duration probeInterval, BooleanSupplier probe) {
        this(threshold, probeInterval, probe, () -> { });
    }

    /** As above; {@code onRecovered} runs (on the probe thread) each time a probe closes the breaker. */
    public CircuitBreaker(int threshold, Duration probeInterval, BooleanSupplier probe, Runnable onRecovered) {
        this.threshold = threshold;
        this.probeInterval = probeInterval;
        this.probe = probe;
        this.onRecovered = onRecovered;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "janus-cloud-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** True while frames should go to the cloud. */
    public synchronized boolean isClosed() {
        return !open;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
    }

    public synchronized void onFailure(String reason) {
        consecutiveFailures++;
        if (!open && consecutiveFailures >= threshold) {
            LOG.warn("cloud failed {} times in a row ({}): running device-only, probing every {} ms",
                    consecutiveFailures, reason, probeInterval.toMillis());
            startProbing();
        }
    }

    /** Opens at once, without waiting for failed calls: the cloud is known to be unusable (for instance another model). */
    public synchronized void trip(String reason) {
        if (!open) {
            LOG.warn("cloud unusable ({}): running device-only, probing every {} ms", reason, probeInterval.toMillis());
            startProbing();
        }
    }

    private void startProbing() {
        open = true;
        prober.schedule(this::probeOnce, probeInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void probeOnce() {
        long started = System.nanoTime();
        boolean answered = probe.getAsBoolean();
        synchronized (this) {
            if (prober.isShutdown()) {
                return;
            }
            if (!answered) {
                long wait = Math.max(0, probeInterval.toNanos() - (System.nanoTime() - started));
                prober.schedule(this::probeOnce, wait, TimeUnit.NANOSECONDS);
                return;
            }
            open = false;
            consecutiveFailures = 0;
            LOG.info("cloud answers again: collaboration resumes");
        }
        onRecovered.run();
    }

    @Override
    public synchronized void close() {
        prober.shutdownNow();
    }
}
