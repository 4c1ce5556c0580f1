package io.janus.plan;

import java.util.Arrays;

/**
 * How much slower (above 1) or faster than its latency profile one side computes now, from measured over predicted
 * compute of recent frames; the edge keeps one for itself and one for the cloud (whose compute each reply reports).
 * A profile is measured once, in isolation; frames meet preprocessing the profile leaves out, a busy or throttled
 * machine, caches shared with other work, and their times spread. The scheduler plans with the profile times the
 * {@link #PLANNING_QUANTILE} of the recent ratios, so that a frame whose plan is predicted to meet the SLA does so
 * about 19 times in 20, not one time in two as planning on the mean would. Thread-safe; pure logic; bounded (a window
 * of {@link #WINDOW} frames).
 */
public final class ProfileCalibration {

    /** Recent frames the quantiles are taken over. */
    static final int WINDOW = 64;
    /** The quantile of the recent ratios that plans are made with. */
    static final double PLANNING_QUANTILE = 0.95;
    /** The first frames are left out: a fresh process runs them before its compiler has warmed up (3× slower here). */
    static final int WARM_UP_FRAMES = 10;
    /** Frames measured after the warm-up before the factor is trusted. */
    static final int MIN_FRAMES = 10;
    /** Stages predicted shorter than this are left out: timer and scheduling noise would dominate them. */
    static final double MIN_PREDICTED_MS = 1.0;
    /** The factor is bounded: a profile that far off is the wrong profile, not a calibration. */
    static final double MIN_FACTOR = 0.25;
    static final double MAX_FACTOR = 4.0;
    /** The factor in use changes only when the measured one moved this much (relative) away from it. */
    static final double CHANGE = 0.05;

    private final double[] ratios = new double[WINDOW];
    private int warmUp;
    private long frames;
    private double applied = 1.0;

    /**
     * Records one frame's compute on this side, as the uncalibrated profile predicted it and as measured.
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
        ratios[(int) (frames++ % WINDOW)] = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, measuredMs / predictedMs));
        if (frames < MIN_FRAMES) {
            return false;
        }
        double planning = quantile(PLANNING_QUANTILE);
        if (Math.abs(planning / applied - 1) < CHANGE) {
            return false;
        }
        applied = planning;
        return true;
    }

    /** The factor to plan with: 1 until enough frames were measured. */
    public synchronized double factor() {
        return applied;
    }

    private double quantile(double q) {
        double[] recent = Arrays.copyOf(ratios, (int) Math.min(frames, WINDOW));
        Arrays.sort(recent);
        return recent[(int) Math.min(recent.length - 1, Math.floor(q * recent.length))];
    }
}
