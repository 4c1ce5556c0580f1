package io.janus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.janus.merge.BipartiteSoftMatching;

/** One transformer block with ToMe between attention and MLP, as in ToMe's timm patch. */
final class Block {

    private final NDArray norm1Weight;
    private final NDArray norm1Bias;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final NDArray norm2Weight;
    private final NDArray norm2Bias;
    private final NDArray fc1Weight;
    private final NDArray fc1Bias;
    private final NDArray fc2Weight;
    private final NDArray fc2Bias;
    private final int heads;
    private final float scale;
    private final boolean protectClassToken;

    Block(Weights w, int index, VitConfig c) {
        String p = "blocks." + index + ".";
        norm1Weight = w.get(p + "norm1.weight");
        norm1Bias = w.get(p + "norm1.bias");
        qkvWeight = w.get(p + "attn.qkv.weight");
        qkvBias = c.qkvBias() ? w.get(p + "attn.qkv.bias") : null;
        projWeight = w.get(p + "attn.proj.weight");
        projBias = w.get(p + "attn.proj.bias");
        norm2Weight = w.get(p + "norm2.weight");
        norm2Bias = w.get(p + "norm2.bias");
        fc1Weight = w.get(p + "mlp.fc1.weight");
        fc1Bias = w.get(p + "mlp.fc1.bias");
        fc2Weight = w.get(p + "mlp.fc2.weight");
        fc2Bias = w.get(p + "mlp.fc2.bias");
        heads = c.numHeads();
        scale = (float) Math.pow(c.headDim(), -0.5);
        protectClassToken = c.classToken();
    }

    /**
     * Runs the block on {@code in}, merging {@code r} tokens away. The result is attached to {@code out}; every
     * intermediate array is freed before returning.
     */
    TokenState forward(TokenState in, int r, NDManager out) {
        try (NDManager scope = out.newSubManager()) {
            NDArray x = in.tokens();
            NDArray sizes = in.sizes();
            x.tempAttach(scope);
            sizes.tempAttach(scope);
            boolean merges = BipartiteSoftMatching.cappedR(r, in.tokenCount(), protectClassToken) > 0;
            NDArray[] attended = attention(LayerNorm.layerNorm(x, shapeOf(norm1Weight), norm1Weight, norm1Bias,
                    VitConfig.LAYER_NORM_EPS).singletonOrThrow(), sizes, merges);
            x = x.add(attended[0]);
            TokenState merged = merges
                    ? TokenMergingAdapter.mergeWeighted(new TokenState(x, sizes), attended[1], r, protectClassToken)
                    : new TokenState(x, sizes);
            x = merged.tokens();
            NDArray h = LayerNorm.layerNorm(x, shapeOf(norm2Weight), norm2Weight, norm2Bias, VitConfig.LAYER_NORM_EPS)
                    .singletonOrThrow();
            h = Linear.linear(h, fc1Weight, fc1Bias).singletonOrThrow();
            h = Linear.linear(Activation.gelu(h), fc2Weight, fc2Bias).singletonOrThrow();
            NDArray result = x.add(h);
            result.attach(out);
            if (merged.sizes() == sizes) {
                return new TokenState(result, in.sizes()); // nothing merged: the sizes go back to their owner unchanged
            }
            merged.sizes().attach(out);
            return new TokenState(result, merged.sizes());
        }
    }

    /**
     * Multi-head self-attention with proportional attention; returns the output and, when the block merges,
     * ToMe's metric (keys averaged over heads).
     */
    private NDArray[] attention(NDArray x, NDArray sizes, boolean withMetric) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long d = s.get(2);
        NDArray qkv = Linear.linear(x, qkvWeight, qkvBias).singletonOrThrow()
                .reshape(b, t, 3, heads, d / heads)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)).muli(scale);
        // Proportional attention: a token standing for n patches counts n times (log n added to its logits).
        logits.addi(sizes.log().reshape(b, 1, 1, t));
        NDArray o = logits.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
        o = Linear.linear(o, projWeight, projBias).singletonOrThrow();
        return new NDArray[] {o, withMetric ? k.mean(new int[] {1}) : null};
    }

    static Shape shapeOf(NDArray weight) {
        return weight.getShape();
    }
}
