package io.janus.plan;

import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The paper's Algorithm 1. For each declining rate α, most accurate first, the best split point is the
 * candidate with the lowest predicted latency (edge compute before s + payload / bandwidth + RTT + cloud
 * compute from s); the first α whose best split meets the SLA is chosen. If none does, the (α, s) with the
 * lowest predicted latency overall is chosen.
 *
 * <p>Everything that does not depend on the network (token counts, compute times, payload sizes) is
 * precomputed for every (α, s) at construction; {@link #choose} then scans flat arrays and returns one of
 * the precomputed {@link Choice}s, allocating nothing. Ties go to the earlier candidate: the smaller split
 * point within a rate, the more accurate rate across rates. Build one scheduler per (profiles, config,
 * payload model) and share it: it is immutable and thread-safe.
 */
public final class Scheduler implements Decider {

    private final ModelGeometry geometry;
    private final SchedulerConfig config;
    private final double[] rates;        // in decision order: most accurate first
    private final int splitCount;
    private final Choice[] choices;      // [rate][split], flattened
    private final double[] computeMs;    // edge + cloud compute per choice
    private final double[] payloadBits;  // bits sent per choice; 0 when device-only
    private final boolean[] network;     // whether the choice pays transfer + RTT
    private final TensorCodec codec;     // the payload model's: decisions name it

    public Scheduler(LatencyProfile edge, LatencyProfile cloud, SchedulerConfig config, PayloadModel payload) {
        this.geometry = checkSameModel(edge, cloud);
        this.config = config;
        this.rates = decisionOrder(geometry, config);
        this.splitCount = config.splits().size();
        int n = rates.length * splitCount;
        this.choices = new Choice[n];
        this.computeMs = new double[n];
        this.payloadBits = new double[n];
        this.network = new boolean[n];
        this.codec = payload.codec();
        for (int r = 0; r < rates.length; r++) {
            precompute(r, edge, cloud, payload);
        }
    }

    /**
     * The decision for one frame: allocation-free. {@code bandwidthMbps} may be 0 (no link: device-only) or
     * infinite; {@code slaMs} may be infinite.
     */
    public Choice choose(double bandwidthMbps, double rttMs, double slaMs) {
        checkNetwork(bandwidthMbps, rttMs, slaMs);
        return choices[scan(1.0 / (bandwidthMbps * 1000.0), rttMs, slaMs, null)];
    }

    /**
     * Algorithm 1 on latencies known otherwise than from the profiles and a bandwidth (the simulator's oracle: each
     * choice's true latency, its transfer replayed through the trace).
     *
     * @param latencyMs the latency of each choice, in ms
     */
    public Choice choose(ToDoubleFunction<Choice> latencyMs, double slaMs) {
        checkSla(slaMs);
        return choices[scan(0, 0, slaMs, latencyMs)];
    }

    /**
     * Algorithm 1's loop, the one copy: per rate in decision order the split with the lowest latency; the first rate
     * whose best meets the SLA, else the fastest overall. Latencies are predicted from the precomputed arrays at
     * {@code perBit} ms per bit and {@code rttMs}, or given by {@code latencyMs} when it is not null.
     */
    private int scan(double perBit, double rttMs, double slaMs, ToDoubleFunction<Choice> latencyMs) {
        int fastest = -1;
        double fastestMs = Double.POSITIVE_INFINITY;
        for (int r = 0; r < rates.length; r++) {
            int best = -1;
            double bestMs = Double.POSITIVE_INFINITY;
            for (int c = r * splitCount, end = c + splitCount; c < end; c++) {
                double ms = latencyMs != null ? latencyMs.applyAsDouble(choices[c])
                        : network[c] ? computeMs[c] + (payloadBits[c] * perBit + rttMs) : computeMs[c];
                if (ms < bestMs) {
                    bestMs = ms;
                    best = c;
                }
            }
            if (bestMs <= slaMs) {
                return best;
            }
            if (bestMs < fastestMs) {
                fastestMs = bestMs;
                fastest = best;
            }
        }
        return fastest;
    }

    /** {@link #choose} with the chosen pair's predicted times; allocates only the returned record. */
    public Decision decide(double bandwidthMbps, double rttMs, double slaMs) {
        return Decision.of(choose(bandwidthMbps, rttMs, slaMs), codec, bandwidthMbps, rttMs, slaMs);
    }

    /** {@link #decide} on the estimator's current bandwidth and RTT. */
    public Decision decide(BandwidthEstimator estimator, double slaMs) {
        return decide(LinkEstimate.of(estimator, slaMs));
    }

    @Override
    public Decision decide(LinkEstimate link) {
        return decide(link.bandwidthMbps(), link.rttMs(), link.slaMs());
    }

    /** The fastest (α, split) per the latency profiles, whatever its accuracy: an SLA below it cannot be met. */
    @Override
    public Double minLatencyMs(LinkEstimate link) {
        double fastest = Double.POSITIVE_INFINITY;
        for (Choice c : choices) {
            fastest = Math.min(fastest, c.predictedMs(link.bandwidthMbps(), link.rttMs()));
        }
        return fastest;
    }

    /** For explaining a decision: each rate's best split, in decision order. */
    public List<Decision> bestPerRate(double bandwidthMbps, double rttMs, double slaMs) {
        checkNetwork(bandwidthMbps, rttMs, slaMs);
        List<Decision> best = new ArrayList<>();
        for (int r = 0; r < rates.length; r++) {
            best.add(atRate(r, bandwidthMbps, rttMs, slaMs).stream()
                    .min(Comparator.comparingDouble(Decision::predictedMs)).orElseThrow());
        }
        return best;
    }

    /** For explaining a decision: every candidate split at rate {@code alpha} (which must be on the grid). */
    public List<Decision> splitsAt(double alpha, double bandwidthMbps, double rttMs, double slaMs) {
        checkNetwork(bandwidthMbps, rttMs, slaMs);
        for (int r = 0; r < rates.length; r++) {
            if (rates[r] == alpha) {
                return atRate(r, bandwidthMbps, rttMs, slaMs);
            }
        }
        throw new IllegalArgumentException("declining rate " + alpha + " is not among the scheduler's rates");
    }

    /** Every precomputed choice, rates in decision order, splits ascending within a rate. */
    public List<Choice> choices() {
        return List.of(choices);
    }

    /** The declining rates considered, in decision order (most accurate first). */
    public double[] rates() {
        return rates.clone();
    }

    public CandidateSplits splits() {
        return config.splits();
    }

    public ModelGeometry geometry() {
        return geometry;
    }

    /** The codec tokens travel in, which its decisions name. */
    public TensorCodec codec() {
        return codec;
    }

    private List<Decision> atRate(int r, double bandwidthMbps, double rttMs, double slaMs) {
        List<Decision> row = new ArrayList<>();
        for (int c = r * splitCount; c < (r + 1) * splitCount; c++) {
            row.add(Decision.of(choices[c], codec, bandwidthMbps, rttMs, slaMs));
        }
        return row;
    }

    private void precompute(int r, LatencyProfile edge, LatencyProfile cloud, PayloadModel payload) {
        Schedule schedule = Schedule.exponential(rates[r]);
        double accuracy = config.accuracy() == null ? Double.NaN : config.accuracy().at(rates[r]);
        for (int j = 0; j < splitCount; j++) {
            int c = r * splitCount + j;
            choices[c] = Choice.of(schedule, rates[r], config.splits().get(j), edge, cloud, payload, accuracy);
            computeMs[c] = choices[c].edgeMs() + choices[c].cloudMs();
            payloadBits[c] = choices[c].payloadBytes() * 8.0;
            network[c] = choices[c].usesNetwork();
        }
    }

    /** Grid rates 0, Δα, … up to α_max, ordered most accurate first, without rates under the accuracy floor. */
    static double[] decisionOrder(ModelGeometry g, SchedulerConfig config) {
        List<Double> grid = new ArrayList<>();
        double limit = Math.min(config.maxAlpha(), SchedulerConfig.MERGE_CAP_ALPHA);
        if (config.minTokens() > g.patchTokens()) {
            throw new IllegalArgumentException("minimum tokens " + config.minTokens() + " exceeds the model's "
                    + g.patchTokens() + " patch tokens");
        }
        BigDecimal step = BigDecimal.valueOf(config.alphaStep());
        for (int i = 0; ; i++) {
            double alpha = step.multiply(BigDecimal.valueOf(i)).doubleValue();
            // Fewer tokens remain as α grows, so the first rate below minTokens ends the grid.
            if (alpha > limit || patchTokensAfterLastBlock(g, alpha) < config.minTokens()) {
                break;
            }
            grid.add(alpha);
        }
        AccuracyProfile accuracy = config.accuracy();
        if (accuracy == null) {
            return grid.stream().mapToDouble(Double::doubleValue).toArray();
        }
        double[] ordered = grid.stream()
                .filter(a -> accuracy.at(a) >= config.accuracyFloor())   // NaN (unknown accuracy) is dropped too
                .sorted(Comparator.comparingDouble((Double a) -> -accuracy.at(a)).thenComparingDouble(a -> a))
                .mapToDouble(Double::doubleValue).toArray();
        if (ordered.length == 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "no declining rate in [0, %.2f] has a known accuracy >= the floor %.3f (the accuracy profile "
                    + "covers α %.2f to %.2f)", grid.get(grid.size() - 1), config.accuracyFloor(),
                    accuracy.minAlpha(), accuracy.maxAlpha()));
        }
        return ordered;
    }

    private static int patchTokensAfterLastBlock(ModelGeometry g, double alpha) {
        int[] t = Schedule.exponential(alpha).tokenCounts(g.patchTokens(), g.prefixTokens(), g.depth());
        return t[g.depth()] - g.prefixTokens();
    }

    private static ModelGeometry checkSameModel(LatencyProfile edge, LatencyProfile cloud) {
        if (!edge.geometry().equals(cloud.geometry())) {
            throw new IllegalArgumentException("edge profile is for a model of geometry " + edge.geometry()
                    + " but the cloud profile for " + cloud.geometry());
        }
        if (!edge.model().digest().equals(cloud.model().digest())) {
            throw new IllegalArgumentException("edge profile is for model " + edge.model().digest()
                    + " but the cloud profile for model " + cloud.model().digest());
        }
        return edge.geometry();
    }

    private static void checkNetwork(double bandwidthMbps, double rttMs, double slaMs) {
        if (!(bandwidthMbps >= 0)) {
            throw new IllegalArgumentException("bandwidth must be >= 0 Mbps, got " + bandwidthMbps);
        }
        if (!(rttMs >= 0) || Double.isInfinite(rttMs)) {
            throw new IllegalArgumentException("RTT must be finite and >= 0 ms, got " + rttMs);
        }
        checkSla(slaMs);
    }

    private static void checkSla(double slaMs) {
        if (!(slaMs > 0)) {
            throw new IllegalArgumentException("SLA must be > 0 ms, got " + slaMs);
        }
    }
}
