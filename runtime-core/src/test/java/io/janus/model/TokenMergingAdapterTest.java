package io.janus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine-only merge (the path tensors on a GPU take) against the host merge: same plan, same tokens and sizes,
 * with no protected token, the class token alone, and class + register tokens.
 * Run on the CPU here; on a GPU the same operators run on the device.
 */
class TokenMergingAdapterTest {

    @ParameterizedTest(name = "T={0} r={1} protected={2}")
    @CsvSource({"197, 1, 1", "197, 20, 1", "197, 98, 1", "197, 500, 1", "196, 20, 0", "196, 98, 0",
        "197, 33, 0", "10, 3, 1", "201, 20, 5", "200, 40, 4", "201, 98, 5", "12, 3, 2"})
    void theEngineMergeEqualsTheHostMerge(int tokens, int r, int protectedTokens) {
        try (NDManager m = NDManager.newBaseManager()) {
            Random rnd = new Random(tokens * 31L + r);
            int batch = 2;
            int dim = 16;
            NDArray x = m.create(floats(rnd, batch * tokens * dim, -1, 1), new Shape(batch, tokens, dim));
            NDArray sizes = m.create(floats(rnd, batch * tokens, 1, 4), new Shape(batch, tokens, 1));
            NDArray metric = m.create(floats(rnd, batch * tokens * 8, -1, 1), new Shape(batch, tokens, 8));
            TokenState in = new TokenState(x, sizes);

            TokenState host = TokenMergingAdapter.mergeWeighted(in, metric, r, protectedTokens);
            TokenState engine = TokenMergingAdapter.mergeWeightedOnEngine(in, metric, r, protectedTokens);

            assertThat(engine.tokens().getShape()).isEqualTo(host.tokens().getShape());
            assertThat(engine.sizes().getShape()).isEqualTo(host.sizes().getShape());
            assertClose(engine.sizes().toFloatArray(), host.sizes().toFloatArray());
            assertClose(engine.tokens().toFloatArray(), host.tokens().toFloatArray());
            // Sizes are conserved: every original patch is still counted once.
            assertThat(engine.sizes().sum().getFloat()).isCloseTo(sizes.sum().getFloat(), within(1e-2f));
        }
    }

    @Test
    void aHostMergeLeavesNothingBehindOnItsInputsManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random rnd = new Random(7);
            NDArray x = m.create(floats(rnd, 197 * 16, -1, 1), new Shape(1, 197, 16));
            NDArray sizes = m.ones(new Shape(1, 197, 1));
            NDArray metric = m.create(floats(rnd, 197 * 8, -1, 1), new Shape(1, 197, 8));
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 10; i++) {
                TokenState out = TokenMergingAdapter.mergeWeighted(new TokenState(x, sizes), metric, 20, 1);
                out.tokens().close();
                out.sizes().close();
            }
            // A caller that keeps its inputs (the profiler, a benchmark) must not pile up the similarities.
            assertThat(m.getManagedArrays()).hasSize(before);
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    private static float[] floats(Random rnd, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return v;
    }
}
