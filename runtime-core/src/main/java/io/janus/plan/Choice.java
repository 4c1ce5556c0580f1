package io.janus.plan;

import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
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

    /**
     * The (schedule, split point) pair evaluated on the two profiles: the one place where compute times and the
     * payload of a choice follow from the model geometry. The scheduler builds its grid with it; baselines that
     * use another schedule (ToMe's constant r) are evaluated with it too.
     *
     * @param alpha     the declining rate the schedule stands for (NaN for schedules that are not {@code exp:})
     * @param accuracy  expected accuracy, NaN when unknown
     */
    public static Choice of(Schedule schedule, double alpha, int splitPoint, LatencyProfile edge, LatencyProfile cloud,
            PayloadModel payload, double accuracy) {
        ModelGeometry g = edge.geometry();
        int depth = g.depth();
        if (splitPoint < 0 || splitPoint > depth + 1) {
            throw new IllegalArgumentException("split point " + splitPoint + " is outside 0 … " + (depth + 1));
        }
        int[] tokens = schedule.tokenCounts(g.patchTokens(), g.prefixTokens(), depth);
        Mode mode = Mode.of(splitPoint, depth);
        int edgeBlocks = mode == Mode.CLOUD_ONLY ? 0 : Math.min(splitPoint, depth);
        // Summed in block order on the edge and from the head backwards on the cloud, as prefix sums would be.
        double edgeBefore = edge.embedMs();
        for (int l = 0; l < edgeBlocks; l++) {
            edgeBefore += edge.blockMs(l, tokens[l], tokens[l + 1]);
        }
        double cloudFrom = cloud.headMs();
        for (int l = depth - 1; l >= edgeBlocks; l--) {
            cloudFrom += cloud.blockMs(l, tokens[l], tokens[l + 1]);
        }
        double edgeMs = switch (mode) {
            case CLOUD_ONLY -> 0.0;
            case COLLABORATIVE -> edgeBefore;
            case DEVICE_ONLY -> edgeBefore + edge.headMs();
        };
        double cloudMs = switch (mode) {
            case CLOUD_ONLY -> cloud.embedMs() + cloudFrom;
            case COLLABORATIVE -> cloudFrom;
            case DEVICE_ONLY -> 0.0;
        };
        int sent = mode == Mode.COLLABORATIVE ? tokens[splitPoint] : 0;
        long bytes = mode == Mode.DEVICE_ONLY ? 0 : payload.bytes(splitPoint, sent);
        if (mode != Mode.DEVICE_ONLY && bytes <= 0) {
            throw new IllegalArgumentException("payload model gives " + bytes + " bytes at split " + splitPoint
                    + "; every transfer must send at least one byte");
        }
        return new Choice(alpha, schedule, splitPoint, mode, sent, edgeMs, cloudMs, bytes, accuracy);
    }

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
