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
        float[] similarity = hostSimilarities(metric);
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
        r = BipartiteSoftMatching.cappedR(r, t, protectedTokens);
        if (r == 0) {
            return state;
        }
        int batch = state.batch();
        int a = BipartiteSoftMatching.setA(t);
        int keptA = a - r;
        int protectedA = (protectedTokens + 1) / 2;   // A token i sits at 2i, B token j at 2j + 1
        int firstFreeB = protectedTokens / 2;
        NDManager m = state.tokens().getManager();

        NDArray scores = similarities(metric).get(new NDIndex(":, 0::2, 1::2"));   // [B, A, B]: A tokens vs B tokens
        if (firstFreeB > 0) {
            scores.set(new NDIndex(":, :, :" + firstFreeB), Float.NEGATIVE_INFINITY); // protected B never receive
        }
        NDArray nodeMax = scores.max(new int[] {-1});                              // best B match of each A token
        NDArray nodeIdx = scores.argMax(-1);
        if (protectedA > 0) {
            nodeMax.set(new NDIndex(":, :" + protectedA), Float.NEGATIVE_INFINITY); // protected A never merge
        }
        NDArray rank = nodeMax.argSort(-1, false).argSort(-1, true);               // 0 = most similar A token
        NDArray merged = rank.lt(r);
        // Output slots as the host plan orders them: protected tokens first in token order, then the unmerged A
        // tokens (in token order when any token is protected, else by score, as ToMe), then the free B tokens. A free
        // B token j lands at keptA + j either way (the protected counts cancel), so a merged A token goes there too.
        long[] slotA = new long[a];
        long[] slotB = new long[a];                                                // padded to A
        for (int i = 0; i < a; i++) {
            slotA[i] = 2L * i;
            slotB[i] = i < firstFreeB ? 2L * i + 1 : keptA + i;
        }
        NDArray keptAt;
        if (protectedTokens > 0) {
            NDArray isProtectedA = m.arange(0, a, 1, DataType.INT64).lt(protectedA).reshape(1, a);
            NDArray freeKept = merged.logicalNot().logicalAnd(isProtectedA.logicalNot());
            NDArray afterProtected = freeKept.toType(DataType.INT64, false).cumSum(1).add(protectedTokens - 1);
            keptAt = NDArrays.where(isProtectedA.repeat(0, batch), m.create(slotA).reshape(1, a).repeat(0, batch),
                    afterProtected);
        } else {
            keptAt = rank.sub(r);
        }
        NDArray destA = NDArrays.where(merged, nodeIdx.add(keptA), keptAt);        // [B, A]
        NDArray destB = m.create(slotB).reshape(1, a).repeat(0, batch);
        NDArray destination = NDArrays.stack(new NDList(destA, destB), 2).reshape(batch, 2 * a)
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
    /**
     * The similarities copied to the host, their engine arrays freed at once: left on the metric's manager they would
     * pile up for a caller that keeps its inputs (4 arrays, 155 kB at 197 tokens, per merge).
     */
    private static float[] hostSimilarities(NDArray metric) {
        try (NDManager scratch = metric.getManager().newSubManager()) {
            metric.tempAttach(scratch);
            return NativeArrays.toFloats(similarities(metric));
        }
    }

    private static NDArray similarities(NDArray metric) {
        NDArray unit = metric.div(metric.norm(new int[] {-1}, true));
        return unit.matMul(unit.transpose(0, 2, 1));
    }
}
