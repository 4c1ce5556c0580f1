package io.janus.profile;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;

/**
 * Measures a {@link LatencyProfile}: the embed stage, every block (and its MLP stage alone) at a spread of token
 * counts (all tokens down to about 5% of the patches), ToMe's merge step at the same counts, and the head; each point
 * is the median of {@code runs} timed runs after {@code warmup} discarded ones. Each stage's points are fitted with
 * latency = a·tokens + b.
 */
public final class Profiler {

    /** Smallest token count measured, as a fraction of the patch tokens. */
    static final double SMALLEST_FRACTION = 0.05;
    /** Discarded runs, timed runs (their median is kept) and token counts per block of a profile by default. */
    public static final int DEFAULT_WARMUP = 3;
    public static final int DEFAULT_RUNS = 9;
    public static final int DEFAULT_POINTS = 8;

    private final int warmup;
    private final int runs;
    private final int points;
    private final Clock clock;

    /**
     * @param warmup  discarded runs before each measured point
     * @param runs    timed runs per point (the median is kept)
     * @param points  token counts per block, evenly spaced from all tokens down to ~5% of the patches
     */
    public Profiler(int warmup, int runs, int points, Clock clock) {
        if (warmup < 0 || runs < 1 || points < 2) {
            throw new IllegalArgumentException("profiler: warmup must be >= 0, runs >= 1 and points >= 2, got "
                    + warmup + ", " + runs + ", " + points);
        }
        this.warmup = warmup;
        this.runs = runs;
        this.points = points;
        this.clock = clock;
    }

    public static Profiler defaults() {
        return new Profiler(DEFAULT_WARMUP, DEFAULT_RUNS, DEFAULT_POINTS, Clock.systemUTC());
    }

    /**
     * Every point of the profile — embed, each block and its MLP stage at each token count, the merge step at each,
     * the head — is timed in turns, run by run (one run of each point, then the next run of each, …): a spell of
     * other load on the machine, or a throttled CPU, then slows a few runs of every point, which the medians drop,
     * instead of all runs of the few blocks measured during it (measured on ViT-B/16: the last three blocks' lines
     * came out twice too slow after a spell of ~15 s when each block was timed in one go).
     */
    public LatencyProfile measure(StageTimer model) {
        ModelGeometry g = model.geometry();
        int[] tokens = tokenCounts(g, points);
        List<DoubleSupplier> stages = new ArrayList<>();
        stages.add(model::embedMs);
        for (int block = 0; block < g.depth(); block++) {
            int b = block;
            addLine(stages, tokens, t -> model.blockMs(b, t));
            addLine(stages, tokens, t -> model.mlpMs(b, t));
        }
        addLine(stages, tokens, model::mergeMs);
        stages.add(model::headMs);
        double[] ms = mediansInTurns(stages);

        int next = 1;
        List<LatencyProfile.BlockLatency> blocks = new ArrayList<>();
        for (int block = 0; block < g.depth(); block++) {
            LatencyProfile.Line whole = LatencyProfile.Line.fit(tokens, Arrays.copyOfRange(ms, next, next + tokens.length));
            next += tokens.length;
            LatencyProfile.Line mlp = LatencyProfile.Line.fit(tokens, Arrays.copyOfRange(ms, next, next + tokens.length));
            next += tokens.length;
            blocks.add(new LatencyProfile.BlockLatency(block, whole.a(), whole.b(), whole.r2(), whole.samples(), mlp));
        }
        LatencyProfile.Line merge = LatencyProfile.Line.fit(tokens, Arrays.copyOfRange(ms, next, next + tokens.length));
        return new LatencyProfile(LatencyProfile.FORMAT,
                new LatencyProfile.ProfiledModel(model.modelDigest(), g), model.device(), model.threads(),
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), null,
                new LatencyProfile.Method(warmup, runs), ms[0], ms[ms.length - 1], blocks, merge);
    }

    private static void addLine(List<DoubleSupplier> stages, int[] tokens, IntToDoubleFunction stage) {
        for (int t : tokens) {
            stages.add(() -> stage.applyAsDouble(t));
        }
    }

    /** Token counts to measure, descending: all tokens, then evenly spaced down to ~5% of the patches. */
    static int[] tokenCounts(ModelGeometry g, int points) {
        int full = g.fullTokens();
        int smallest = g.prefixTokens() + Math.max(1, (int) Math.ceil(SMALLEST_FRACTION * g.patchTokens()));
        int[] t = new int[points];
        for (int i = 0; i < points; i++) {
            t[i] = (int) Math.round(full - (double) i * (full - smallest) / (points - 1));
        }
        return Arrays.stream(t).distinct().toArray();
    }

    /** The median of each point's timed runs, every point warmed up and timed in turns. */
    private double[] mediansInTurns(List<DoubleSupplier> stages) {
        for (int i = 0; i < warmup; i++) {
            stages.forEach(DoubleSupplier::getAsDouble);
        }
        double[][] ms = new double[stages.size()][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < stages.size(); i++) {
                ms[i][r] = stages.get(i).getAsDouble();
            }
        }
        double[] medians = new double[stages.size()];
        for (int i = 0; i < medians.length; i++) {
            medians[i] = Timings.median(ms[i]);
        }
        return medians;
    }
}
