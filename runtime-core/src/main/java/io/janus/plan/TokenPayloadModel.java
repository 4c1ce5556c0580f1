package io.janus.plan;

import io.janus.wire.TensorCodec;

/**
 * The payload size model the scheduler uses by default, kept in one place so that the wire can match it
 * (or replace it):
 * <ul>
 *   <li>split 0 (cloud-only): the encoded frame, {@code frameBytes}, + framing;</li>
 *   <li>split s ≥ 1: tokens × dim × bytes per value (fp32 4, fp16 2, int8 1 + a 4-byte fp32 scale per token)
 *       + tokens × 4 bytes of token sizes (fp32) + framing.</li>
 * </ul>
 * Framing ({@link #FRAMING_BYTES}) stands for the gRPC message prefix, the protobuf fields other than the
 * tensors (model digest, split point, the schedule's merged counts, shapes) and the HTTP/2 frame headers.
 */
public final class TokenPayloadModel implements PayloadModel {

    /** Fixed per-message overhead in bytes (see the class comment). */
    public static final int FRAMING_BYTES = 256;

    /** Bytes per token for its size (how many patches it stands for), sent as fp32. */
    public static final int SIZE_BYTES_PER_TOKEN = 4;

    private final TensorCodec codec;
    private final int dim;
    private final long frameBytes;

    /**
     * @param codec       how tokens are encoded
     * @param dim         values per token (the model's embedding width)
     * @param frameBytes  size of one encoded frame, sent at split 0
     */
    public TokenPayloadModel(TensorCodec codec, int dim, long frameBytes) {
        if (dim < 1 || frameBytes < 1) {
            throw new IllegalArgumentException("payload model: dim and frame bytes must be >= 1, got " + dim + ", "
                    + frameBytes);
        }
        this.codec = codec;
        this.dim = dim;
        this.frameBytes = frameBytes;
    }

    @Override
    public long bytes(int splitPoint, int tokensAtSplit) {
        if (splitPoint == 0) {
            return frameBytes + FRAMING_BYTES;
        }
        return tokensAtSplit * (codec.bytesPerToken(dim) + SIZE_BYTES_PER_TOKEN) + FRAMING_BYTES;
    }

    @Override
    public TensorCodec codec() {
        return codec;
    }

    @Override
    public String toString() {
        return codec.cliName() + " tokens × " + dim + ", frame " + frameBytes + " B, framing " + FRAMING_BYTES + " B";
    }
}
