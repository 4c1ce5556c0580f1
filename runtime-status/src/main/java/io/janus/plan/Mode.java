package io.janus.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a frame is computed, following from the split point. Its two spellings live here and nowhere else:
 * {@link #statusName()} is the edge's contract (FrameResult.mode, GET /v1/status, the frames metric's label, the
 * JanusDeployment's status), {@link #label()} what the CLI, logs and the simulator print. It lives in
 * {@code runtime-status}, beside the status schema, so that the operator reads and writes the same type without the
 * runtime's dependencies.
 */
public enum Mode {
    /** s = 0: the frame is sent; the cloud runs the whole model. */
    CLOUD_ONLY("CloudOnly"),
    /** 1 ≤ s ≤ L: the edge runs embed + blocks [0, s), the cloud blocks [s, L) + head. */
    COLLABORATIVE("Collaborative"),
    /** s = L+1: the edge runs the whole model; nothing is sent. */
    DEVICE_ONLY("DeviceOnly");

    private final String statusName;

    Mode(String statusName) {
        this.statusName = statusName;
    }

    public static Mode of(int splitPoint, int depth) {
        if (splitPoint == 0) {
            return CLOUD_ONLY;
        }
        return splitPoint == depth + 1 ? DEVICE_ONLY : COLLABORATIVE;
    }

    /** As the edge reports it over HTTP and in metrics: {@code CloudOnly}, {@code Collaborative}, {@code DeviceOnly}. */
    @JsonValue
    public String statusName() {
        return statusName;
    }

    /** As the CLI and logs print it: {@code cloud-only}, {@code collaborative}, {@code device-only}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
