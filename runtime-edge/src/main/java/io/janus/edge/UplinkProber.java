package io.janus.edge;

import io.janus.plan.BandwidthEstimator;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Measures the uplink while no frame crosses it (device-only, or right after a timed-out transfer), so that the
 * bandwidth estimate follows a link that comes back instead of waiting for old samples to age out.
 *
 * <p>One probe is a pair of janus.v1 Probe calls: empty, then {@link #PADDING_BYTES} of padding. The padded call's
 * extra time is the padding's time on the link (a bandwidth sample; RTT, gRPC and the cloud's scheduling cancel out;
 * an emulated link knows it exactly) and the empty call's time is an RTT sample. The padding fits TCP's initial congestion window (10 segments), so a
 * connection that idled back to slow start still sends it in one round trip. A probe that fails or times out records
 * nothing: it measured no rate the link had (an outage is the circuit breaker's to handle).
 *
 * <p>Bounded: one probe at a time on one daemon thread, at most one every {@code interval}; while device-only that
 * is at most 2 × 12 KiB per interval on the uplink.
 */
final class UplinkProber implements AutoCloseable {

    static final int PADDING_BYTES = 12 * 1024;
    /**
     * The shortest time on the link a sample may claim: below it scheduling noise dominates the difference, and the
     * probe (or payload) says only that the link is fast; it records no rate then (12 KiB in 1 ms is 98 Mbps).
     */
    static final double MIN_LINK_MS = 1.0;

    private final Uplink uplink;
    private final BandwidthEstimator bandwidth;
    private final long intervalNanos;
    private final Duration reachTimeout;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final ReentrantLock probing = new ReentrantLock();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong lastStart;
    private final AtomicLong samples = new AtomicLong();
    private final ExecutorService executor;

    /**
     * @param reachTimeout how long the empty call may take (is the cloud there at all)
     * @param timeout      how long the padded call may take
     */
    UplinkProber(Uplink uplink, BandwidthEstimator bandwidth, Duration interval, Duration reachTimeout, Duration timeout,
                 LongSupplier nanoClock) {
        this.uplink = uplink;
        this.bandwidth = bandwidth;
        this.intervalNanos = interval.toNanos();
        this.reachTimeout = reachTimeout;
        this.timeout = timeout;
        this.nanoClock = nanoClock;
        this.lastStart = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "janus-uplink-probe");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Probes in the background unless a probe is under way or started less than one interval ago; never blocks. */
    void requestProbe() {
        long now = nanoClock.getAsLong();
        long last = lastStart.get();
        // Claiming the interval by compare-and-set: two callers that both saw it open must not both probe (the first
        // probe may finish, and clear `queued`, before the second caller gets there).
        if (now - last < intervalNanos || !lastStart.compareAndSet(last, now) || !queued.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            try {
                probeNow();
            } finally {
                queued.set(false);
            }
        });
    }

    /** One probe on the caller's thread (waiting for one under way); true when the cloud answered both calls. */
    boolean probeNow() {
        probing.lock();
        try {
            lastStart.set(nanoClock.getAsLong());
            Uplink.Probe empty = uplink.probeTransfer(0, reachTimeout);
            if (!empty.ok()) {
                return false;
            }
            Uplink.Probe padded = uplink.probeTransfer(PADDING_BYTES, timeout);
            if (!padded.ok()) {
                return false;
            }
            bandwidth.recordRtt(empty.totalMs());
            double linkMs = Double.isNaN(padded.linkMs()) ? padded.totalMs() - empty.totalMs() : padded.linkMs();
            if (linkMs >= MIN_LINK_MS) {
                bandwidth.record(PADDING_BYTES, linkMs);
                samples.incrementAndGet();
            }
            return true;
        } finally {
            probing.unlock();
        }
    }

    /** Probes that produced a bandwidth sample since start. */
    long samples() {
        return samples.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
