package io.janus.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The protected prefix (class and register tokens) is never merged and stays first; r is capped around it. */
class BipartiteSoftMatchingTest {

    @Test
    void registerTokensAreNeitherMergedNorMergedInto() {
        int tokens = 21;
        int prefix = 5; // class token + 4 registers: tokens 0, 2, 4 in set A, 1, 3 in set B
        // Every token is most similar to the prefix tokens: an unprotected matching would merge into them.
        float[] similarity = randomSimilarity(tokens, 3);
        for (int i = 0; i < tokens; i++) {
            for (int p = 0; p < prefix; p++) {
                similarity[i * tokens + p] = 0.99f;
                similarity[p * tokens + i] = 0.99f;
            }
        }
        MergePlan plan = BipartiteSoftMatching.plan(similarity, 0, tokens, 8, prefix);

        assertThat(plan.outputTokens()).isEqualTo(tokens - 8);
        for (int p = 0; p < prefix; p++) {
            assertThat(plan.destination(p)).as("prefix token %d", p).isEqualTo(p);
        }
        for (int t = prefix; t < tokens; t++) {
            assertThat(plan.destination(t)).as("patch token %d", t).isGreaterThanOrEqualTo(prefix);
        }
    }

    @Test
    void mergedPrefixValuesPassThroughUnchanged() {
        int tokens = 12;
        int prefix = 3;
        int dim = 2;
        MergePlan plan = BipartiteSoftMatching.plan(randomSimilarity(tokens, 5), 0, tokens, 4, prefix);
        float[] x = new float[tokens * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] sizes = new float[tokens];
        Arrays.fill(sizes, 1f);
        float[] out = new float[plan.outputTokens() * dim];
        float[] outSizes = new float[plan.outputTokens()];
        plan.mergeWeighted(x, 0, sizes, 0, dim, out, 0, outSizes, 0);

        assertThat(Arrays.copyOf(out, prefix * dim)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Arrays.copyOf(outSizes, prefix)).containsExactly(1, 1, 1);
        double total = 0;
        for (float s : outSizes) {
            total += s;
        }
        assertThat(total).isEqualTo(tokens);
    }

    @Test
    void rIsCappedAtHalfOfTheUnprotectedTokens() {
        assertThat(BipartiteSoftMatching.cappedR(100, 197, 1)).isEqualTo(98);
        assertThat(BipartiteSoftMatching.cappedR(200, 261, 5)).isEqualTo(128);
        assertThat(BipartiteSoftMatching.cappedR(100, 196, 0)).isEqualTo(98);
        assertThat(BipartiteSoftMatching.plan(randomSimilarity(9, 1), 0, 9, 100, 5).outputTokens()).isEqualTo(7);
    }

    private static float[] randomSimilarity(int tokens, long seed) {
        Random rnd = new Random(seed);
        float[] s = new float[tokens * tokens];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextFloat() * 0.5f;
        }
        return s;
    }
}
