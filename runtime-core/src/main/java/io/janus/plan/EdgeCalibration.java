package io.janus.plan;

/**
 * How much slower (above 1) or faster than its latency profile the device computes now: an exponentially weighted
 * mean of measured over predicted edge time per frame. A profile is measured once, in isolation; frames meet
 * preprocessing the profile leaves out, a busy or throttled device, caches shared with other work. The scheduler plans
 * with the profile times this factor. Thread-safe; pure logic.
 */
public final class EdgeCalibration {

    /** Weight of each new frame in the mean: about the last 20 frames count. */
    static final double WEIGHT = 0.1;
    /** The first frames are left out: a fresh process runs them before its compiler has warmed up (3× slower here). */
    static final int WARM_UP_FRAMES = 10;
    /** Frames measured after the warm-up before the factor is trusted. */
    static final int MIN_FRAMES = 5;
    /** Stages predicted shorter than this are left out: timer and scheduling noise would dominate them. */
    static final double MIN_PREDICTED_MS = 1.0;
    /** The factor is bounded: a profile that far off is the wrong profile, not a calibration. */
    static final double MIN_FACTOR = 0.25;
    static final double MAX_FACTOR = 4.0;
    /** The factor in use changes only when the measured one moved this much (relative) away from it. */
    static final double CHANGE = 0.05;

    private double mean = 1.0;
    private int warmUp;
    private int frames;
    private double applied = 1.0;

    /**
     * Records one frame's edge compute, as the uncalibrated profile predicted it and as measured.
     *
     * @return true when the factor to plan with changed ({@link #factor()} gives it)
     */
    public synchronized boolean record(double predictedMs, double measuredMs) {
        if (!(predictedMs >= MIN_PREDICTED_MS) || !(measuredMs > 0) || Double.isInfinite(measuredMs)) {
            return false;
        }
        if (warmUp < WARM_UP_FRAMES) {
            warmUp++;
            return false;
        }
        double ratio = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, measuredMs / predictedMs));
        mean = frames == 0 ? ratio : (1 - WEIGHT) * mean + WEIGHT * ratio;
        frames++;
        if (frames < MIN_FRAMES || Math.abs(mean / applied - 1) < CHANGE) {
            return false;
        }
        applied = mean;
        return true;
    }

    /** The factor to plan with: 1 until enough frames were measured. */
    public synchronized double factor() {
        return applied;
    }
}
