package io.janus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.janus.merge.BipartiteSoftMatching;
import io.janus.merge.MergePlan;

/**
 * Applies ToMe to a {@link TokenState}: similarities are computed by the engine (one batched matmul), the plan and
 * the size-weighted merge in Java. The merge itself is a scatter-add that DJL does not offer; done on the host it is
 * O(T·D) and costs a few percent of a block, where the one-hot matmul route would be O(r·T·D) on the engine.
 */
public final class TokenMergingAdapter {

    private TokenMergingAdapter() {
    }

    /** Merges {@code r} tokens of every sequence away (capped as ToMe caps it), the first {@code protectedTokens} never merged; returns {@code state} itself when r is 0. */
    public static TokenState mergeWeighted(TokenState state, NDArray metric, int r, int protectedTokens) {
        int t = state.tokenCount();
        if (BipartiteSoftMatching.cappedR(r, t, protectedTokens) == 0) {
            return state;
        }
        int batch = state.batch();
        int dim = state.dim();
        float[] similarity = NativeArrays.toFloats(similarities(metric));
        float[] weighted = NativeArrays.toFloats(state.tokens());
        float[] sizes = NativeArrays.toFloats(state.sizes());

        MergePlan first = null;
        float[] outTokens = null;
        float[] outSizes = null;
        for (int i = 0; i < batch; i++) {
            MergePlan plan = BipartiteSoftMatching.plan(similarity, i * t * t, t, r, protectedTokens);
            if (first == null) {
                first = plan;
                outTokens = new float[batch * plan.outputTokens() * dim];
                outSizes = new float[batch * plan.outputTokens()];
            }
            int out = plan.outputTokens();
            plan.mergeWeighted(weighted, i * t * dim, sizes, i * t, dim, outTokens, i * out * dim, outSizes, i * out);
        }
        NDManager m = state.tokens().getManager();
        int out = first.outputTokens();
        return new TokenState(NativeArrays.floats(m, outTokens, new Shape(batch, out, dim)),
                NativeArrays.floats(m, outSizes, new Shape(batch, out, 1)));
    }

    /**
     * Cosine similarity of every token's metric with every other's: [B, T, T]. One contiguous matmul is cheaper
     * than slicing out sets A and B first (strided views cost more than the extra products at these sizes).
     */
    private static NDArray similarities(NDArray metric) {
        NDArray unit = metric.div(metric.norm(new int[] {-1}, true));
        return unit.matMul(unit.transpose(0, 2, 1));
    }
}
