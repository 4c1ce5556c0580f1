package io.janus.bench;

import io.janus.plan.CandidateSplits;
import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.wire.TensorCodec;
import java.util.Arrays;
import java.util.Random;

/**
 * Decision time of the {@link Scheduler} on synthetic profiles: each call is timed on its own over a stream
 * of pseudo-random network conditions and budgets, after a warm-up that lets the JIT compile the scan.
 *
 * <p>Synthetic profiles (documented in docs/scheduler.md), latency = a·tokens + b per block:
 * <ul>
 *   <li>ViT-L@384 edge (Jetson-class): embed 8 ms, blocks 0.05 ms/token + 1 ms (≈ 30 ms at 577 tokens), head 0.5 ms;</li>
 *   <li>ViT-L@384 cloud (GPU): embed 1 ms, blocks 0.002 ms/token + 0.3 ms, head 0.2 ms;</li>
 *   <li>vit-tiny-mnist edge: embed 1 ms, blocks 0.02 ms/token + 0.3 ms, head 0.1 ms; cloud: embed 0.2 ms,
 *       blocks 0.002 ms/token + 0.1 ms, head 0.05 ms.</li>
 * </ul>
 * Workload: bandwidth log-uniform in 0.5 … 200 Mbps, RTT 5 … 60 ms, SLA uniform over a range that spans
 * "met at α = 0" to "met by no rate", so decisions stop at every rate; plus a full-scan case (an impossible
 * SLA, every rate and split evaluated).
 */
public final class SchedulerBenchmark {

    /** One benchmarked configuration. */
    public record Case(String name, LatencyProfile edge, LatencyProfile cloud, SchedulerConfig config,
            TokenPayloadModel payload, double minSlaMs, double maxSlaMs) {

        /** The paper's geometry, ViT-L/16 at 384×384, with Δα = 0.01 and the given candidate splits. */
        public static Case vitLarge(CandidateSplits splits, int minTokens, String name) {
            ModelGeometry g = ModelGeometry.VIT_L_384;
            SchedulerConfig config = SchedulerConfig.defaults(g).withSplits(splits).withMinTokens(minTokens);
            // Cloud-only sends the raw 384×384 RGB frame.
            return new Case(name, vitLargeEdge(), vitLargeCloud(), config,
                    new TokenPayloadModel(TensorCodec.FP16, g.dim(), 3L * 384 * 384), 50, 800);
        }

        /** The shipped 12-block model. */
        public static Case vitTiny() {
            ModelGeometry g = ModelGeometry.VIT_TINY_MNIST;
            return new Case("vit-tiny-mnist 12 blocks, fine:5", vitTinyEdge(), vitTinyCloud(),
                    SchedulerConfig.defaults(g), new TokenPayloadModel(TensorCodec.FP16, g.dim(), 784), 10, 60);
        }

        public Scheduler scheduler() {
            return new Scheduler(edge, cloud, config, payload);
        }
    }

    public static LatencyProfile vitLargeEdge() {
        return LatencyProfile.synthetic(ModelGeometry.VIT_L_384, "Jetson-class edge, ViT-L@384", 8, 0.05, 1.0, 0.5);
    }

    public static LatencyProfile vitLargeCloud() {
        return LatencyProfile.synthetic(ModelGeometry.VIT_L_384, "GPU cloud, ViT-L@384", 1, 0.002, 0.3, 0.2);
    }

    public static LatencyProfile vitTinyEdge() {
        return LatencyProfile.synthetic(ModelGeometry.VIT_TINY_MNIST, "edge, vit-tiny-mnist", 1, 0.02, 0.3, 0.1);
    }

    public static LatencyProfile vitTinyCloud() {
        return LatencyProfile.synthetic(ModelGeometry.VIT_TINY_MNIST, "cloud, vit-tiny-mnist", 0.2, 0.002, 0.1, 0.05);
    }

    /** Decision time statistics, microseconds. */
    public record Result(String name, int rates, int splits, double buildMs, double medianUs, double p99Us,
            double fullScanMedianUs) {
    }

    private final int warmup;
    private final int iterations;
    private final long seed;

    public SchedulerBenchmark(int warmup, int iterations, long seed) {
        if (warmup < 0 || iterations < 1) {
            throw new IllegalArgumentException("scheduler benchmark: warm-up must be >= 0 and iterations >= 1");
        }
        this.warmup = warmup;
        this.iterations = iterations;
        this.seed = seed;
    }

    public Result run(Case c) {
        long buildStart = System.nanoTime();
        Scheduler scheduler = c.scheduler();
        double buildMs = (System.nanoTime() - buildStart) / 1e6;
        Random random = new Random(seed);
        int n = warmup + iterations;
        double[] mbps = new double[n];
        double[] rtt = new double[n];
        double[] sla = new double[n];
        for (int i = 0; i < n; i++) {
            mbps[i] = 0.5 * Math.pow(400, random.nextDouble());
            rtt[i] = 5 + 55 * random.nextDouble();
            sla[i] = c.minSlaMs() + (c.maxSlaMs() - c.minSlaMs()) * random.nextDouble();
        }
        long[] mixedNs = time(scheduler, mbps, rtt, sla);
        double[] impossible = new double[n];
        Arrays.fill(impossible, Double.MIN_VALUE);
        long[] fullScanNs = time(scheduler, mbps, rtt, impossible);
        Arrays.sort(mixedNs);
        Arrays.sort(fullScanNs);
        return new Result(c.name(), scheduler.rates().length, scheduler.splits().size(), buildMs,
                quantile(mixedNs, 0.5), quantile(mixedNs, 0.99), quantile(fullScanNs, 0.5));
    }

    private long[] time(Scheduler scheduler, double[] mbps, double[] rtt, double[] sla) {
        long[] ns = new long[iterations];
        double sink = 0;
        for (int i = 0; i < mbps.length; i++) {
            long start = System.nanoTime();
            sink += scheduler.choose(mbps[i], rtt[i], sla[i]).splitPoint();
            long elapsed = System.nanoTime() - start;
            if (i >= warmup) {
                ns[i - warmup] = elapsed;
            }
        }
        if (sink < 0) {
            throw new AssertionError("unreachable: keeps the decisions alive");
        }
        return ns;
    }

    private static double quantile(long[] sortedNs, double q) {
        return sortedNs[(int) Math.min(sortedNs.length - 1, Math.floor(q * sortedNs.length))] / 1000.0;
    }
}
