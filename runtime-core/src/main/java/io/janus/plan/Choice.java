package io.janus.plan;

import io.janus.schedule.Schedule;

/**
 * One (α, split point) pair with everything about it that does not depend on the network; the scheduler
 * builds them all once, so choosing one per frame allocates nothing.
 *
 * @param alpha          declining rate α
 * @param schedule       {@code exp:α} (or {@code none} at α = 0)
 * @param splitPoint     blocks run on the edge: 0 cloud-only … L+1 device-only
 * @param mode           follows from the split point
 * @param tokensAtSplit  tokens sent (after block s, prefix included); 0 at split 0 and L+1
 * @param edgeMs         predicted edge compute (embed + blocks before s, + head when device-only)
 * @param cloudMs        predicted cloud compute (blocks from s + head, + embed when cloud-only)
 * @param payloadBytes   bytes sent; 0 when device-only
 * @param accuracy       expected accuracy from the accuracy profile, NaN without one
 */
public record Choice(
        double alpha,
        Schedule schedule,
        int splitPoint,
        Mode mode,
        int tokensAtSplit,
        double edgeMs,
        double cloudMs,
        long payloadBytes,
        double accuracy) {

    /** Whether the frame crosses the network (and pays transfer time and one RTT). */
    public boolean usesNetwork() {
        return mode != Mode.DEVICE_ONLY;
    }

    /** Predicted transfer time of the payload at {@code bandwidthMbps}; 0 when device-only. */
    public double transferMs(double bandwidthMbps) {
        // Same arithmetic as the scheduler's scan, so that both agree to the last bit.
        return usesNetwork() ? payloadBytes * 8.0 * (1.0 / (bandwidthMbps * 1000.0)) : 0.0;
    }

    /** Predicted end-to-end latency: edge + transfer + RTT + cloud (no transfer or RTT when device-only). */
    public double predictedMs(double bandwidthMbps, double rttMs) {
        return edgeMs + cloudMs + (usesNetwork() ? transferMs(bandwidthMbps) + rttMs : 0.0);
    }
}
