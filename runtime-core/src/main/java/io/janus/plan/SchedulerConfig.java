package io.janus.plan;

import io.janus.profile.ModelGeometry;

/**
 * The scheduler's knobs.
 *
 * @param alphaStep      Δα, the step of the declining-rate grid 0, Δα, 2Δα, …
 * @param maxAlpha       upper bound on α (rates above 0.5 merge like 0.5: ToMe caps a block at half its tokens)
 * @param minTokens      α_max is the largest grid rate that leaves at least this many patch tokens after the
 *                       last block
 * @param splits         the candidate split points
 * @param accuracy       accuracy per α, or null to assume that a smaller α is more accurate
 * @param accuracyFloor  with an accuracy profile, rates below this accuracy are never chosen (0 = no floor)
 */
public record SchedulerConfig(
        double alphaStep,
        double maxAlpha,
        int minTokens,
        CandidateSplits splits,
        AccuracyProfile accuracy,
        double accuracyFloor) {

    public static final double DEFAULT_ALPHA_STEP = 0.01;
    public static final double MERGE_CAP_ALPHA = 0.5;
    /** Default minTokens as a fraction of the patch tokens: the smallest count the profiler measures. */
    public static final double DEFAULT_MIN_TOKEN_FRACTION = 0.05;

    public SchedulerConfig {
        if (!(alphaStep > 0 && alphaStep <= MERGE_CAP_ALPHA)) {
            throw new IllegalArgumentException("declining-rate step Δα must be in (0, 0.5], got " + alphaStep);
        }
        if (!(maxAlpha >= 0 && maxAlpha < 1)) {
            throw new IllegalArgumentException("maximum declining rate must be in [0, 1), got " + maxAlpha);
        }
        if (minTokens < 0) {
            throw new IllegalArgumentException("minimum tokens must be >= 0, got " + minTokens);
        }
        if (splits == null) {
            throw new IllegalArgumentException("candidate splits are required");
        }
        if (!(accuracyFloor >= 0 && accuracyFloor <= 1)) {
            throw new IllegalArgumentException("accuracy floor must be in [0, 1], got " + accuracyFloor);
        }
        if (accuracyFloor > 0 && accuracy == null) {
            throw new IllegalArgumentException("an accuracy floor needs an accuracy profile");
        }
    }

    /** Δα = 0.01, α up to 0.5 leaving at least 5% of the patch tokens, fine-to-coarse splits with k = 5. */
    public static SchedulerConfig defaults(ModelGeometry g) {
        return new SchedulerConfig(DEFAULT_ALPHA_STEP, MERGE_CAP_ALPHA,
                (int) Math.ceil(DEFAULT_MIN_TOKEN_FRACTION * g.patchTokens()),
                CandidateSplits.fineToCoarse(g.depth(), CandidateSplits.DEFAULT_K), null, 0.0);
    }

    public SchedulerConfig withAlphaStep(double step) {
        return new SchedulerConfig(step, maxAlpha, minTokens, splits, accuracy, accuracyFloor);
    }

    public SchedulerConfig withMaxAlpha(double max) {
        return new SchedulerConfig(alphaStep, max, minTokens, splits, accuracy, accuracyFloor);
    }

    public SchedulerConfig withMinTokens(int min) {
        return new SchedulerConfig(alphaStep, maxAlpha, min, splits, accuracy, accuracyFloor);
    }

    public SchedulerConfig withSplits(CandidateSplits s) {
        return new SchedulerConfig(alphaStep, maxAlpha, minTokens, s, accuracy, accuracyFloor);
    }

    public SchedulerConfig withAccuracy(AccuracyProfile profile, double floor) {
        return new SchedulerConfig(alphaStep, maxAlpha, minTokens, splits, profile, floor);
    }
}
