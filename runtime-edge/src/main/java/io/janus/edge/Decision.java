package io.janus.edge;

import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;

/**
 * What the edge does with one frame.
 *
 * @param schedule   the declining-rate (or other) merging schedule for all blocks
 * @param splitPoint 0 = cloud-only, 1..depth = edge runs blocks [0, splitPoint), depth + 1 = device-only
 * @param codec      how tokens travel at split points 1..depth
 */
public record Decision(Schedule schedule, int splitPoint, TensorCodec codec) {

    @Override
    public String toString() {
        return "split " + splitPoint + ", schedule " + schedule + ", codec " + codec.cliName();
    }
}
