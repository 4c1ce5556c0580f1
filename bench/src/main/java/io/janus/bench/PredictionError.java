package io.janus.bench;

import io.janus.bench.sim.Metrics;
import java.util.Locale;

/**
 * How far the simulator's prediction is from a measured run of the same trace, profiles and duration.
 *
 * @param p50Percent          (simulated − measured) / measured median latency, in percent
 * @param p95Percent          the same for the 95th percentile
 * @param throughputPercent   the same for frames/s
 * @param violationPoints     simulated − measured SLA violation ratio, in percentage points
 */
public record PredictionError(double p50Percent, double p95Percent, double throughputPercent, double violationPoints) {

    /** The target: simulated and measured violation ratios within this many percentage points. */
    public static final double TARGET_POINTS = 5.0;

    public static PredictionError of(Metrics measured, Metrics simulated) {
        return new PredictionError(relative(simulated.p50Ms(), measured.p50Ms()), relative(simulated.p95Ms(), measured.p95Ms()),
                relative(simulated.throughputFps(), measured.throughputFps()),
                100 * (simulated.violationRatio() - measured.violationRatio()));
    }

    /** Whether the violation ratios agree within {@link #TARGET_POINTS}. */
    public boolean violationWithinTarget() {
        return Math.abs(violationPoints) <= TARGET_POINTS;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "latency p50 %+.1f%%, p95 %+.1f%%, throughput %+.1f%%, violation ratio %+.2f points"
                + " (target |error| <= %.0f points: %s)", p50Percent, p95Percent, throughputPercent, violationPoints,
                TARGET_POINTS, violationWithinTarget() ? "met" : "MISSED");
    }

    private static double relative(double simulated, double measured) {
        return measured == 0 ? (simulated == 0 ? 0 : Double.POSITIVE_INFINITY) : 100 * (simulated - measured) / measured;
    }
}
