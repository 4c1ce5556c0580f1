package io.janus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.janus.merge.BipartiteSoftMatching;
import io.janus.merge.MergePlan;

/**
 * Applies ToMe to a {@link TokenState}: similarities are computed by the engine (one batched matmul), the plan and
 * the size-weighted merge in Java. The merge itself is a scatter-add that DJL does not offer; done on the host it is
 * O(T·D) and costs a few percent of a block, where the one-hot matmul route would be O(r·T·D) on the engine.
 *
 * <p>Tensors on a GPU take {@link #mergeWeightedOnEngine} instead: the same plan (ToMe's bipartite matching) computed
 * with engine operators and applied as a one-hot matmul, so nothing leaves the device between blocks; a GPU does the
 * O(T·T'·D) matmul in microseconds, where copying [B, T, D] to the host and back every block would dominate.
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
        if (!NativeArrays.inHostMemory(state.tokens().getManager())) {
            return mergeWeightedOnEngine(state, metric, r, protectedTokens);
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
     * The same merge as {@link #mergeWeighted} with engine operators only, for tensors that live on a device (used
     * there automatically; callable on the CPU, where tests compare it with the host path). Ties in similarity may
     * be broken differently from the host path (the engine's sort is not stable); real activations have none.
     */
    public static TokenState mergeWeightedOnEngine(TokenState state, NDArray metric, int r, int protectedTokens) {
        int t = state.tokenCount();
        int a = BipartiteSoftMatching.setA(t);
        int b = BipartiteSoftMatching.setB(t);
        int freeB = protectedTokens / 2;          // B token j (position 2j + 1) is protected below this
        int protectedA = (protectedTokens + 1) / 2; // A token i (position 2i) is protected below this
        r = BipartiteSoftMatching.cappedR(r, t, protectedTokens);
        if (r == 0 || freeB >= b) {
            return state;
        }
        int batch = state.batch();
        int keptA = a - r - protectedA;           // unmerged A tokens that are not protected
        int firstB = protectedTokens + keptA;     // output slot of the first free B token
        NDManager m = state.tokens().getManager();

        // Each A token's best free B token, by cosine similarity: [B, A].
        NDArray scores = similarities(metric).get(new NDIndex(":, 0::2, " + (2 * freeB + 1) + "::2"));
        NDArray nodeMax = scores.max(new int[] {-1});
        NDArray nodeIdx = scores.argMax(-1);
        if (protectedA > 0) {
            nodeMax.set(new NDIndex(":, :" + protectedA), Float.NEGATIVE_INFINITY); // never merged
        }
        NDArray rank = nodeMax.argSort(-1, false).argSort(-1, true);              // 0 = most similar A token
        NDArray merged = rank.lt(r);
        NDArray index = m.arange(0, a, 1, DataType.INT64).reshape(1, a);          // A index i, or B index j
        NDArray isProtectedA = index.lt(protectedA);
        // Output slots: protected tokens in token order, then unmerged A tokens (in token order when some token is
        // protected, else by similarity, as ToMe), then the free B tokens, into which the merged A tokens go.
        NDArray keptAt = protectedTokens > 0
                ? merged.logicalOr(isProtectedA).logicalNot().toType(DataType.INT64, false).cumSum(1).add(protectedTokens - 1)
                : rank.sub(r);
        NDArray destA = NDArrays.where(merged, nodeIdx.add(firstB), NDArrays.where(isProtectedA, index.mul(2), keptAt));
        NDArray destB = NDArrays.where(index.lt(freeB), index.mul(2).add(1), index.add(firstB - freeB)); // padded to A
        NDArray destination = NDArrays.stack(new NDList(destA, destB.repeat(0, batch)), 2).reshape(batch, 2 * a)
                .get(new NDIndex(":, :" + t));                                     // [B, T]: A at even, B at odd positions

        NDArray assign = m.arange(0, t - r, 1, DataType.INT64).reshape(1, t - r, 1)          // [B, T - r, T]: one-hot
                .eq(destination.expandDims(1)).toType(DataType.FLOAT32, false);
        NDArray sizes = assign.matMul(state.sizes());
        NDArray tokens = assign.matMul(state.tokens().mul(state.sizes())).div(sizes);
        return new TokenState(tokens, sizes);
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
