package io.janus.plan;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The uplink bandwidth estimate: the harmonic mean of the throughputs (payload bytes / transfer time) of
 * the last {@code k} transfers, and the RTT as the mean of the last {@code k} RTT samples. Before the first
 * sample the configured priors are used.
 *
 * <p>The harmonic mean is dominated by the slow transfers, so one lucky burst does not make the scheduler
 * ship a large payload, while an outage (a transfer that timed out, recorded with the time waited) pulls
 * the estimate down at once.
 *
 * <p>Samples older than {@code maxAge} are forgotten. Without this, a device that went device-only during an
 * outage would send nothing more, never measure the recovered link and stay device-only for good; with it,
 * the estimate returns to the prior and the next offloaded frame measures the link again.
 *
 * <p>Thread-safe: the edge records from gRPC callbacks while the frame loop reads.
 */
public final class BandwidthEstimator {

    public static final int DEFAULT_K = 5;
    /**
     * The estimate before the first transfer and after every sample aged out. Optimistic on purpose: a device that
     * went device-only sends nothing, so only the prior brings it back to measure the link (at 10 Mbps a 449 kB frame
     * is predicted at 400+ ms and the edge never leaves device-only).
     */
    public static final double DEFAULT_PRIOR_MBPS = 40;

    /** Share of a timed-out call's wait the payload must have needed at the estimate for the timeout to count. */
    public static final double TIMEOUT_LINK_SHARE = 0.5;
    public static final long DEFAULT_MAX_AGE_MS = 10_000;

    private final int k;
    private final double priorMbps;
    private final double priorRttMs;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;

    private final double[] inverseMbps;
    private final long[] transferAt;
    private final double[] rtts;
    private final long[] rttAt;
    private long transfers;
    private long rttSamples;

    /** An estimator on the system clock that forgets samples after {@link #DEFAULT_MAX_AGE_MS}. */
    public BandwidthEstimator(int k, double priorMbps, double priorRttMs) {
        this(k, priorMbps, priorRttMs, TimeUnit.MILLISECONDS.toNanos(DEFAULT_MAX_AGE_MS), System::nanoTime);
    }

    /**
     * @param k            transfers (and RTT samples) averaged
     * @param priorMbps    cold-start bandwidth, also used once every sample has aged out
     * @param priorRttMs   cold-start RTT
     * @param maxAgeNanos  samples older than this are forgotten; {@link Long#MAX_VALUE} keeps them
     * @param nanoClock    monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public BandwidthEstimator(int k, double priorMbps, double priorRttMs, long maxAgeNanos, LongSupplier nanoClock) {
        if (k < 1) {
            throw new IllegalArgumentException("bandwidth estimator: k must be >= 1, got " + k);
        }
        if (!(priorMbps > 0) || Double.isInfinite(priorMbps)) {
            throw new IllegalArgumentException("bandwidth estimator: prior bandwidth must be > 0 Mbps, got " + priorMbps);
        }
        if (!(priorRttMs >= 0) || Double.isInfinite(priorRttMs)) {
            throw new IllegalArgumentException("bandwidth estimator: prior RTT must be >= 0 ms, got " + priorRttMs);
        }
        if (maxAgeNanos <= 0) {
            throw new IllegalArgumentException("bandwidth estimator: max sample age must be > 0, got " + maxAgeNanos + " ns");
        }
        this.k = k;
        this.priorMbps = priorMbps;
        this.priorRttMs = priorRttMs;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoClock = nanoClock;
        this.inverseMbps = new double[k];
        this.transferAt = new long[k];
        this.rtts = new double[k];
        this.rttAt = new long[k];
    }

    /**
     * Records one transfer: {@code bytes} sent in {@code transferMs} (the time the payload spent on the
     * link, without the cloud's compute). A transfer that timed out is recorded with the time waited.
     */
    public void record(long bytes, double transferMs) {
        if (bytes <= 0 || !(transferMs > 0) || Double.isInfinite(transferMs)) {
            throw new IllegalArgumentException("bandwidth sample: need bytes > 0 and a finite transfer time > 0 ms, got "
                    + bytes + " B in " + transferMs + " ms");
        }
        long now = nanoClock.getAsLong();
        synchronized (this) {
            int slot = (int) (transfers % k);
            inverseMbps[slot] = transferMs * 1000.0 / (bytes * 8.0);
            transferAt[slot] = now;
            transfers++;
        }
    }

    /**
     * Records a call that timed out after {@code waitedMs} with {@code bytes} in flight. It counts as a transfer of
     * that many bytes in the time waited only when, at the current estimate, the payload would have needed at least
     * {@link #TIMEOUT_LINK_SHARE} of the wait: then the link is a plausible cause. A few hundred bytes timing out says
     * nothing about bandwidth (a stalled peer or CPU does that, and an outage is the circuit breaker's to handle), and
     * read as a 0.03 Mbps link it would hold the scheduler device-only until the sample ages out.
     *
     * @return whether the timeout was recorded as a transfer
     */
    public boolean recordTimeout(long bytes, double waitedMs) {
        double needMs = bytes * 8.0 / (estimateMbps() * 1000.0);
        if (needMs < TIMEOUT_LINK_SHARE * waitedMs) {
            return false;
        }
        record(bytes, waitedMs);
        return true;
    }

    /** Records one round-trip time (a request with a negligible payload and no compute), in milliseconds. */
    public void recordRtt(double rttMs) {
        if (!(rttMs >= 0) || Double.isInfinite(rttMs)) {
            throw new IllegalArgumentException("RTT sample must be finite and >= 0 ms, got " + rttMs);
        }
        long now = nanoClock.getAsLong();
        synchronized (this) {
            int slot = (int) (rttSamples % k);
            rtts[slot] = rttMs;
            rttAt[slot] = now;
            rttSamples++;
        }
    }

    /** Harmonic mean of the recent throughputs in Mbps, or the prior when there are none. */
    public double estimateMbps() {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            double sumInverse = 0;
            int n = 0;
            for (int i = 0; i < Math.min(transfers, k); i++) {
                if (now - transferAt[i] <= maxAgeNanos) {
                    sumInverse += inverseMbps[i];
                    n++;
                }
            }
            return n == 0 ? priorMbps : n / sumInverse;
        }
    }

    /** Mean of the recent RTT samples in milliseconds, or the prior when there are none. */
    public double rttMs() {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < Math.min(rttSamples, k); i++) {
                if (now - rttAt[i] <= maxAgeNanos) {
                    sum += rtts[i];
                    n++;
                }
            }
            return n == 0 ? priorRttMs : sum / n;
        }
    }

    /** Transfers recorded since start. */
    public synchronized long transfers() {
        return transfers;
    }

    public int k() {
        return k;
    }
}
