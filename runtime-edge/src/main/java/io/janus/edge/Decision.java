package io.janus.edge;

import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import java.util.Locale;

/**
 * What the edge does with one frame.
 *
 * @param schedule    the declining-rate (or other) merging schedule for all blocks
 * @param splitPoint  0 = cloud-only, 1..depth = edge runs blocks [0, splitPoint), depth + 1 = device-only
 * @param codec       how tokens travel at split points 1..depth
 * @param predictedMs the scheduler's predicted latency of the frame; NaN for a fixed decision
 */
public record Decision(Schedule schedule, int splitPoint, TensorCodec codec, double predictedMs) {

    /** A decision without a prediction (fixed by flags). */
    public Decision(Schedule schedule, int splitPoint, TensorCodec codec) {
        this(schedule, splitPoint, codec, Double.NaN);
    }

    /** Same schedule, split point and codec: the same work, whatever was predicted. */
    public boolean sameChoice(Decision other) {
        return other != null && splitPoint == other.splitPoint && schedule.equals(other.schedule) && codec == other.codec;
    }

    @Override
    public String toString() {
        return "split " + splitPoint + ", schedule " + schedule + ", codec " + codec.cliName()
                + (Double.isNaN(predictedMs) ? "" : String.format(Locale.ROOT, ", predicted %.1f ms", predictedMs));
    }
}
