package io.janus.plan;

/** Where a frame is computed, following from the split point. */
public enum Mode {
    /** s = 0: the frame is sent; the cloud runs the whole model. */
    CLOUD_ONLY,
    /** 1 ≤ s ≤ L: the edge runs embed + blocks [0, s), the cloud blocks [s, L) + head. */
    COLLABORATIVE,
    /** s = L+1: the edge runs the whole model; nothing is sent. */
    DEVICE_ONLY;

    public static Mode of(int splitPoint, int depth) {
        if (splitPoint == 0) {
            return CLOUD_ONLY;
        }
        return splitPoint == depth + 1 ? DEVICE_ONLY : COLLABORATIVE;
    }
}
