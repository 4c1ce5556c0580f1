package io.janus.bench.sim;

import java.util.Locale;

/**
 * How frames arrive: back to back (closed loop, {@code fps} unused) or from a camera at {@code fps} frames/s.
 *
 * @param camera  whether frames arrive at a fixed rate and queue
 * @param fps     the camera's frame rate
 */
public record Arrivals(boolean camera, double fps) {

    public static Arrivals closedLoop() {
        return new Arrivals(false, 0);
    }

    public static Arrivals camera(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("camera frame rate must be > 0 frames/s, got " + fps);
        }
        return new Arrivals(true, fps);
    }

    public Run replay(Simulator simulator, Policy policy) {
        return camera ? simulator.camera(policy, fps) : simulator.closedLoop(policy);
    }

    @Override
    public String toString() {
        return camera ? String.format(Locale.ROOT, "camera at %.1f frames/s, FIFO queue", fps) : "closed loop";
    }
}
