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

    public LatencyProfile measure(StageTimer model) {
        ModelGeometry g = model.geometry();
        int[] tokens = tokenCounts(g, points);
        double embed = median(model::embedMs);
        List<LatencyProfile.BlockLatency> blocks = new ArrayList<>();
        for (int block = 0; block < g.depth(); block++) {
            int b = block;
            LatencyProfile.Line whole = measureLine(t -> model.blockMs(b, t), tokens);
            LatencyProfile.Line mlp = measureLine(t -> model.mlpMs(b, t), tokens);
            blocks.add(new LatencyProfile.BlockLatency(block, whole.a(), whole.b(), whole.r2(), whole.samples(), mlp));
        }
        LatencyProfile.Line merge = measureLine(model::mergeMs, tokens);
        double head = median(model::headMs);
        return new LatencyProfile(LatencyProfile.FORMAT,
                new LatencyProfile.ProfiledModel(model.modelDigest(), g), model.device(), model.threads(),
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), null,
                new LatencyProfile.Method(warmup, runs), embed, head, blocks, merge);
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

    /**
     * Times a stage at each token count and fits its line through the medians. The counts are timed round-robin
     * (one run of each, then the next run of each, …) so that a change in the machine's load during the
     * measurement affects every point alike instead of bending the line.
     */
    private LatencyProfile.Line measureLine(IntToDoubleFunction stage, int[] tokens) {
        for (int i = 0; i < warmup; i++) {
            for (int t : tokens) {
                stage.applyAsDouble(t);
            }
        }
        double[][] ms = new double[tokens.length][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < tokens.length; i++) {
                ms[i][r] = stage.applyAsDouble(tokens[i]);
            }
        }
        double[] medians = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            medians[i] = Timings.median(ms[i]);
        }
        return LatencyProfile.Line.fit(tokens, medians);
    }

    private double median(DoubleSupplier run) {
        for (int i = 0; i < warmup; i++) {
            run.getAsDouble();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = run.getAsDouble();
        }
        return Timings.median(ms);
    }
}
