package io.janus.plan;

import io.janus.wire.TensorCodec;

/** Bytes the edge sends to the cloud for one frame, as the scheduler predicts them. */
public interface PayloadModel {

    /**
     * Bytes on the wire at {@code splitPoint} (0 ≤ s ≤ L; device-only sends nothing and is never asked).
     *
     * @param splitPoint     blocks run on the edge; 0 = cloud-only (the frame is sent)
     * @param tokensAtSplit  tokens after block {@code splitPoint} (prefix tokens included); unused at split 0
     */
    long bytes(int splitPoint, int tokensAtSplit);

    /** The codec tokens travel in at split points 1..L, which these sizes assume; the scheduler's decisions name it. */
    TensorCodec codec();

    /** Bytes on the wire per (split point, tokens at the split), as {@link #bytes} gives them. */
    @FunctionalInterface
    interface Sizes {
        long bytes(int splitPoint, int tokensAtSplit);
    }

    /** A payload model of given sizes, tokens in {@code codec} (for models other than {@link TokenPayloadModel}). */
    static PayloadModel of(TensorCodec codec, Sizes sizes) {
        return new PayloadModel() {
            @Override
            public long bytes(int splitPoint, int tokensAtSplit) {
                return sizes.bytes(splitPoint, tokensAtSplit);
            }

            @Override
            public TensorCodec codec() {
                return codec;
            }
        };
    }
}
