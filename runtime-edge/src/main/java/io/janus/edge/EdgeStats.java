package io.janus.edge;

import io.janus.plan.Mode;
import io.janus.profile.Timings;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * What the edge reports about finished frames: totals, and latency percentiles, SLA violations and throughput over
 * the most recent frames — for the status endpoint and, as counters and histograms, for Prometheus.
 */
public final class EdgeStats {

    /** Frames the percentiles and the violation ratio look at. */
    static final int WINDOW = 500;
    /** Seconds over which frames/s is measured. */
    static final double RATE_SECONDS = 5.0;

    private final int slaMs;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final double[] latencies = new double[WINDOW];
    private final long[] finishedAt = new long[WINDOW];
    private int count;
    private long framesDone;
    private long framesFellBack;

    private final Counter frames;
    private final Counter fallbacks;
    private final Counter violations;
    private final Histogram latency;
    private final Histogram bytesSent;
    private final Histogram queueWait;

    public EdgeStats(int slaMs, LongSupplier nanoClock, PrometheusRegistry registry) {
        this.slaMs = slaMs;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        frames = Counter.builder().name("janus_edge_frames_total").help("Frames answered, by how they were finished")
                .labelNames("mode").register(registry);
        fallbacks = Counter.builder().name("janus_edge_fallbacks_total")
                .help("Frames finished on the device because the cloud was unreachable, too slow or refused, by reason")
                .labelNames("reason").register(registry);
        violations = Counter.builder().name("janus_edge_sla_violations_total").help("Frames slower than the SLA")
                .register(registry);
        latency = Histogram.builder().name("janus_edge_frame_latency_seconds")
                .help("End-to-end latency per frame, from its arrival (waiting for a worker included)")
                .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5).register(registry);
        bytesSent = Histogram.builder().name("janus_edge_payload_bytes").help("Bytes sent to the cloud per frame")
                .classicUpperBounds(1e3, 4e3, 1.6e4, 3.2e4, 6.4e4, 1.28e5, 2.56e5, 5.12e5, 1e6).register(registry);
        queueWait = Histogram.builder().name("janus_edge_queue_wait_seconds")
                .help("Time a frame waited for a worker before its computation began (part of the frame latency)")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2).register(registry);
    }

    /**
     * A finished frame: how it was finished, its latency from arrival, the part of it spent waiting for a worker, bytes
     * sent, and the fallback reason if it fell back.
     */
    public synchronized void record(Mode mode, double latencyMs, double queueMs, long payloadBytes, String fallbackReason) {
        int slot = (int) (framesDone % WINDOW);
        latencies[slot] = latencyMs;
        finishedAt[slot] = nanoClock.getAsLong();
        count = Math.min(count + 1, WINDOW);
        framesDone++;
        frames.labelValues(mode.statusName()).inc();
        latency.observe(latencyMs / 1e3);
        queueWait.observe(queueMs / 1e3);
        if (payloadBytes > 0) {
            bytesSent.observe(payloadBytes);
        }
        if (fallbackReason != null) {
            framesFellBack++;
            fallbacks.labelValues(fallbackReason).inc();
        }
        if (latencyMs > slaMs) {
            violations.inc();
        }
    }

    /** A consistent view of the recent frames. */
    public record Snapshot(long framesDone, long framesFellBack, double latencyP50Ms, double latencyP95Ms,
                           double slaViolationRatio, double throughputFps) {}

    public synchronized Snapshot snapshot() {
        double[] recent = Arrays.copyOf(latencies, count);
        Arrays.sort(recent);
        long violated = Arrays.stream(recent).filter(l -> l > slaMs).count();
        long now = nanoClock.getAsLong();
        long since = now - (long) (RATE_SECONDS * 1e9);
        long inRate = 0;
        long oldest = now;
        for (int i = 0; i < count; i++) {
            if (finishedAt[i] >= since) {
                inRate++;
                oldest = Math.min(oldest, finishedAt[i]);
            }
        }
        // Over the last RATE_SECONDS (fewer just after start), or since the oldest remembered frame when the
        // window fills up faster than that.
        double seconds = inRate == WINDOW ? (now - oldest) / 1e9 : Math.min(RATE_SECONDS, (now - startNanos) / 1e9);
        return new Snapshot(framesDone, framesFellBack, percentile(recent, 0.50), percentile(recent, 0.95),
                count == 0 ? 0 : (double) violated / count, seconds > 0 ? inRate / seconds : 0);
    }

    /** As {@link Timings#percentile}, but 0 before the first frame: the status JSON carries numbers. */
    private static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? 0 : Timings.percentile(sorted, q);
    }
}
