package io.janus.plan;

/** Bytes the edge sends to the cloud for one frame, as the scheduler predicts them. */
@FunctionalInterface
public interface PayloadModel {

    /**
     * Bytes on the wire at {@code splitPoint} (0 ≤ s ≤ L; device-only sends nothing and is never asked).
     *
     * @param splitPoint     blocks run on the edge; 0 = cloud-only (the frame is sent)
     * @param tokensAtSplit  tokens after block {@code splitPoint} (prefix tokens included); unused at split 0
     */
    long bytes(int splitPoint, int tokensAtSplit);
}
