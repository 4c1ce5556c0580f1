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

    /** Merges {@code r} tokens of every sequence away (capped as ToMe caps it); returns {@code state} itself when r is 0. */
    public static TokenState mergeWeighted(TokenState state, NDArray metric, int r, boolean protectClassToken) {
        int t = state.tokenCount();
        if (BipartiteSoftMatching.cappedR(r, t, protectClassToken) == 0) {
            return state;
        }
        int batch = state.batch();
        int dim = state.dim();
        int a = BipartiteSoftMatching.setA(t);
        int b = BipartiteSoftMatching.setB(t);
        float[] scores = similarities(metric).toFloatArray();
        float[] weighted = state.tokens().toFloatArray();
        float[] sizes = state.sizes().toFloatArray();

        MergePlan first = null;
        float[] outTokens = null;
        float[] outSizes = null;
        for (int i = 0; i < batch; i++) {
            MergePlan plan = BipartiteSoftMatching.plan(scores, i * a * b, t, r, protectClassToken);
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
        return new TokenState(m.create(outTokens, new Shape(batch, out, dim)), m.create(outSizes, new Shape(batch, out, 1)));
    }

    /** Cosine similarity of every A token's metric with every B token's: [B, A, B]. */
    private static NDArray similarities(NDArray metric) {
        NDArray unit = metric.div(metric.norm(new int[] {-1}, true));
        NDArray setA = unit.get(":, ::2, :");
        NDArray setB = unit.get(":, 1::2, :");
        return setA.matMul(setB.transpose(0, 2, 1));
    }
}
