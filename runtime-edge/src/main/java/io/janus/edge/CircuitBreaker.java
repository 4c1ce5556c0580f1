package io.janus.edge;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a cloud that keeps failing: after {@code threshold} consecutive failures the breaker opens (frames
 * run device-only) and a background probe asks the cloud every {@code probeInterval}; the first answer closes it.
 */
public final class CircuitBreaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private final int threshold;
    private final Duration probeInterval;
    private final BooleanSupplier probe;
    private final Runnable onRecovered;
    private final ScheduledExecutorService prober;
    private int consecutiveFailures;
    private ScheduledFuture<?> probing;

    /**
     * @param threshold     consecutive failed calls that open the breaker
     * @param probeInterval pause between probes while open
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
        return probing == null;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
    }

    public synchronized void onFailure(String reason) {
        consecutiveFailures++;
        if (probing == null && consecutiveFailures >= threshold) {
            LOG.warn("cloud failed {} times in a row ({}): running device-only, probing every {} ms",
                    consecutiveFailures, reason, probeInterval.toMillis());
            startProbing();
        }
    }

    /** Opens at once, without waiting for failed calls: the cloud is known to be unusable (for instance another model). */
    public synchronized void trip(String reason) {
        if (probing == null) {
            LOG.warn("cloud unusable ({}): running device-only, probing every {} ms", reason, probeInterval.toMillis());
            startProbing();
        }
    }

    private void startProbing() {
        probing = prober.scheduleWithFixedDelay(this::probeOnce, probeInterval.toMillis(), probeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void probeOnce() {
        if (probe.getAsBoolean()) {
            synchronized (this) {
                if (probing == null) {
                    return;
                }
                probing.cancel(false);
                probing = null;
                consecutiveFailures = 0;
                LOG.info("cloud answers again: collaboration resumes");
            }
            onRecovered.run();
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
