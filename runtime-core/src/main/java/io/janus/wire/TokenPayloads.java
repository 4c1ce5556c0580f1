package io.janus.wire;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.janus.model.NativeArrays;
import io.janus.model.TokenState;
import io.janus.wire.v1.TokenPayload;

/** One frame's token state ↔ its janus.v1 payload: tokens under the chosen codec, sizes always as fp32. */
public final class TokenPayloads {

    private TokenPayloads() {
    }

    /** Encodes a single-frame state ([1, T, D] tokens, [1, T, 1] sizes). */
    public static TokenPayload encode(TokenState state, TensorCodec codec) {
        if (state.batch() != 1) {
            throw new IllegalArgumentException("token payload: one frame per request, got a batch of " + state.batch());
        }
        int t = state.tokenCount();
        return TokenPayload.newBuilder()
                .setTokens(codec.encode(state.tokens(), t, state.dim()))
                .setSizes(TensorCodec.FP32.encode(NativeArrays.toFloats(state.sizes()), t, 1).toBuilder().clearShape().addShape(t))
                .build();
    }

    /**
     * Decodes a payload into a single-frame state attached to {@code manager}, after checking it has {@code tokens}
     * tokens of width {@code dim} and sizes in [1, maxSize].
     *
     * @throws InvalidPayloadException naming the field and the problem
     */
    public static TokenState decode(TokenPayload payload, int tokens, int dim, int maxSize, NDManager manager) {
        if (!payload.hasTokens() || !payload.hasSizes()) {
            throw new InvalidPayloadException("tokens: both tokens.tokens and tokens.sizes are required");
        }
        var shape = payload.getTokens().getShapeList();
        if (shape.size() != 2 || shape.get(0) != tokens || shape.get(1) != dim) {
            throw new InvalidPayloadException("tokens.tokens: shape " + shape + ", expected [" + tokens + ", " + dim
                    + "] (token count implied by split_point and merged, the model's embedding dimension)");
        }
        var sizeShape = payload.getSizes().getShapeList();
        if (sizeShape.size() != 1 || sizeShape.get(0) != tokens) {
            throw new InvalidPayloadException("tokens.sizes: shape " + sizeShape + ", expected [" + tokens + "]");
        }
        if (payload.getSizes().getDtype() != io.janus.wire.v1.DType.FLOAT32) {
            throw new InvalidPayloadException("tokens.sizes: dtype " + payload.getSizes().getDtype() + ", expected FLOAT32");
        }
        NDArray x = TensorCodec.decode(payload.getTokens(), "tokens.tokens", manager, new Shape(1, tokens, dim));
        float[] sizes = TensorCodec.decode(payload.getSizes(), "tokens.sizes");
        for (int i = 0; i < sizes.length; i++) {
            if (!(sizes[i] >= 1 && sizes[i] <= maxSize)) {
                throw new InvalidPayloadException("tokens.sizes: element " + i + " is " + sizes[i] + ", must be in [1, " + maxSize + "]");
            }
        }
        return new TokenState(x, NativeArrays.floats(manager, sizes, new Shape(1, tokens, 1)));
    }
}
