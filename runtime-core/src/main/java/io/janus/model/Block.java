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

    private final Norm norm1;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final Norm qNorm;
    private final Norm kNorm;
    private final Norm attnNorm;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final NDArray gamma1;
    private final Norm norm2;
    private final NDArray fc1Weight;
    private final NDArray fc1Bias;
    private final Norm mlpNorm;
    private final NDArray fc2Weight;
    private final NDArray fc2Bias;
    private final NDArray gamma2;
    private final int heads;
    private final float scale;
    private final int protectedTokens;

    Block(Weights w, int index, VitConfig c) {
        String p = "blocks." + index + ".";
        VitConfig.Variant v = c.variant();
        norm1 = Norm.of(w, p + "norm1");
        qkvWeight = w.get(p + "attn.qkv.weight");
        qkvBias = c.qkvBias() ? w.get(p + "attn.qkv.bias") : null;
        qNorm = v.qkNorm() ? Norm.of(w, p + "attn.q_norm") : null;
        kNorm = v.qkNorm() ? Norm.of(w, p + "attn.k_norm") : null;
        attnNorm = v.scaleAttnNorm() ? Norm.of(w, p + "attn.norm") : null;
        projWeight = w.get(p + "attn.proj.weight");
        projBias = v.projBias() ? w.get(p + "attn.proj.bias") : null;
        gamma1 = v.layerScale() ? w.get(p + "ls1.gamma") : null;
        norm2 = Norm.of(w, p + "norm2");
        fc1Weight = w.get(p + "mlp.fc1.weight");
        fc1Bias = v.projBias() ? w.get(p + "mlp.fc1.bias") : null;
        mlpNorm = v.scaleMlpNorm() ? Norm.of(w, p + "mlp.norm") : null;
        fc2Weight = w.get(p + "mlp.fc2.weight");
        fc2Bias = v.projBias() ? w.get(p + "mlp.fc2.bias") : null;
        gamma2 = v.layerScale() ? w.get(p + "ls2.gamma") : null;
        heads = c.numHeads();
        scale = (float) Math.pow(c.headDim(), -0.5);
        protectedTokens = c.prefixTokens();
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
            boolean merges = BipartiteSoftMatching.cappedR(r, in.tokenCount(), protectedTokens) > 0;
            NDArray[] attended = attention(norm1.apply(x), sizes, merges);
            x = x.add(scaled(attended[0], gamma1));
            TokenState merged = merges
                    ? TokenMergingAdapter.mergeWeighted(new TokenState(x, sizes), attended[1], r, protectedTokens)
                    : new TokenState(x, sizes);
            NDArray result = mlpResidual(merged.tokens());
            result.attach(out);
            if (merged.sizes() == sizes) {
                return new TokenState(result, in.sizes()); // nothing merged: the sizes go back to their owner unchanged
            }
            merged.sizes().attach(out);
            return new TokenState(result, merged.sizes());
        }
    }

    /**
     * The block's stage after its merge (norm, MLP, residual) alone, on {@code in}'s tokens: the profiler times it to
     * price the tokens a merge removes. The result is attached to {@code out}.
     */
    NDArray mlpStage(TokenState in, NDManager out) {
        try (NDManager scope = out.newSubManager()) {
            NDArray x = in.tokens();
            x.tempAttach(scope);
            NDArray result = mlpResidual(x);
            result.attach(out);
            return result;
        }
    }

    /** x + MLP(norm2(x)), LayerScaled. */
    private NDArray mlpResidual(NDArray x) {
        NDArray h = Linear.linear(norm2.apply(x), fc1Weight, fc1Bias).singletonOrThrow();
        h = Activation.gelu(h);
        if (mlpNorm != null) {
            h = mlpNorm.apply(h);
        }
        h = Linear.linear(h, fc2Weight, fc2Bias).singletonOrThrow();
        return x.add(scaled(h, gamma2));
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
        if (qNorm != null) {
            q = qNorm.apply(q);
            k = kNorm.apply(k);
        }
        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)).muli(scale);
        // Proportional attention: a token standing for n patches counts n times (log n added to its logits).
        logits.addi(sizes.log().reshape(b, 1, 1, t));
        NDArray o = logits.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
        if (attnNorm != null) {
            o = attnNorm.apply(o);
        }
        o = Linear.linear(o, projWeight, projBias).singletonOrThrow();
        return new NDArray[] {o, withMetric ? k.mean(new int[] {1}) : null};
    }

    /** LayerScale: the branch times its per-channel gamma (none: the branch itself). */
    private static NDArray scaled(NDArray branch, NDArray gamma) {
        return gamma == null ? branch : branch.mul(gamma);
    }

    /** timm's LayerNorm (eps 1e-6) over the last axis. */
    record Norm(NDArray weight, NDArray bias) {
        static Norm of(Weights w, String name) {
            return new Norm(w.get(name + ".weight"), w.get(name + ".bias"));
        }

        NDArray apply(NDArray x) {
            return LayerNorm.layerNorm(x, weight.getShape(), weight, bias, VitConfig.LAYER_NORM_EPS).singletonOrThrow();
        }
    }
}
