package io.janus.edge;

import io.janus.model.Predictions;
import io.janus.plan.Mode;
import java.util.List;

/**
 * One answered frame, as POST /v1/infer returns it.
 *
 * @param frameId        edge-assigned id (also sent to the cloud)
 * @param labels         top-k labels, most probable first
 * @param splitPoint     the split point the frame ran at (depth + 1 when it ran or finished on the device)
 * @param plannedSplit   the split point the decision asked for
 * @param schedule       the merging schedule's spec
 * @param decliningRate  α of an {@code exp:} schedule, 0 for {@code none}, null otherwise
 * @param codec          tensor codec, or the frame codec at split point 0
 * @param mode           where the frame ran (Collaborative, CloudOnly or DeviceOnly in JSON)
 * @param fallbackReason why the cloud's part ran on the device (gRPC status or "breaker-open"), null if it did not
 * @param bytesSent      request bytes sent to the cloud (0 when nothing was sent)
 * @param tokensSent     tokens in the payload (0 at split 0 or device-only)
 * @param latency        where the time went
 */
public record FrameResult(long frameId, List<Predictions.Label> labels, int splitPoint, int plannedSplit, String schedule,
                          Double decliningRate, String codec, Mode mode, String fallbackReason, long bytesSent,
                          int tokensSent, Latency latency) {

    /**
     * Milliseconds per stage of one frame.
     *
     * @param totalMs        frame arrived (its bytes received, or its file read) → labels ready; includes queueMs
     * @param queueMs        waiting for a worker (and decoding the image) before the frame's computation began
     * @param edgeComputeMs  embedding and blocks [0, s) on the edge (stretched by --slowdown)
     * @param encodeMs       building the request (tensor or frame codec)
     * @param transferMs     the call minus the cloud's own time: network, (emulated) link, queueing
     * @param cloudDecodeMs  the cloud checking and decoding the payload
     * @param cloudComputeMs the cloud running the rest of the model
     * @param deviceMs       finishing on the device (device-only or fallback)
     */
    public record Latency(double totalMs, double queueMs, double edgeComputeMs, double encodeMs, double transferMs, double cloudDecodeMs,
                          double cloudComputeMs, double deviceMs) {}

    public int top1() {
        return labels.get(0).index();
    }
}
