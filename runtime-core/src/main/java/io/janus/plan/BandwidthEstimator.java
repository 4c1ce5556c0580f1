package io.janus.plan;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The uplink bandwidth estimate: the harmonic mean of the throughputs (payload bytes / transfer time) of
 * the last {@code k} transfers, and the RTT as the mean of the last {@code k} RTT samples. Before the first
 * sample the configured priors are used.
 *
 * <p>The harmonic mean is dominated by the slow transfers, so one lucky burst does not make the scheduler
 * ship a large payload. Only completed transfers are samples: a transfer that timed out or was lost measured no
 * rate (read as bytes over the time waited it would be a rate the link never had, and hold the scheduler
 * device-only); the edge probes the link instead (runtime-edge UplinkProber), also while it runs device-only.
 * What a failed transfer does say is that the link may be down: {@link #recordOutage} makes the estimate 0 Mbps
 * (the scheduler then decides device-only instead of having every following frame wait out its deadline) until the
 * next completed exchange, a probe's or a frame's, records a sample.
 *
 * <p>Samples older than {@code maxAge} are forgotten, so that the estimate returns to the prior if nothing at
 * all measures the link for that long.
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
    /** Set by a failed transfer, cleared by the next sample: the link is taken to be down meanwhile. */
    private boolean down;

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
     * link, without the cloud's compute). Only completed transfers: a timeout measured no rate.
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
            down = false;
        }
    }

    /**
     * Records a transfer that did not complete (timed out, or the connection failed): until the next sample, of
     * either kind, the estimate is 0 Mbps. The samples before it are kept: a link that comes back is measured again.
     */
    public synchronized void recordOutage() {
        down = true;
    }

    /** True between a failed transfer and the next completed exchange. */
    public synchronized boolean down() {
        return down;
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
            down = false;
        }
    }

    /** Harmonic mean of the recent throughputs in Mbps, the prior when there are none, 0 while the link is down. */
    public double estimateMbps() {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (down) {
                return 0;
            }
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
