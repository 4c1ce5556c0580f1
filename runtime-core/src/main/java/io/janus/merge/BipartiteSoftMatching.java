package io.janus.merge;

import java.util.Arrays;

/**
 * ToMe's bipartite soft matching (Bolya et al., ICLR 2023): tokens alternate into sets A (even positions) and
 * B (odd positions); each A token finds its most similar B token by cosine similarity of the keys averaged over
 * heads; the r best-matched A tokens merge into their B match. Protected tokens (class and register tokens) are
 * never merged, and r is capped at ⌊(T − protected) / 2⌋.
 */
public final class BipartiteSoftMatching {

    private BipartiteSoftMatching() {
    }

    /** Number of A tokens and B tokens for a sequence of {@code tokens}. */
    public static int setA(int tokens) {
        return (tokens + 1) / 2;
    }

    public static int setB(int tokens) {
        return tokens / 2;
    }

    /** r as ToMe caps it: at most half of the tokens that may merge. */
    public static int cappedR(int r, int tokens, int protectedTokens) {
        return Math.max(0, Math.min(r, (tokens - protectedTokens) / 2));
    }

    /**
     * Plans one merge step for one sequence.
     *
     * @param similarity cosine similarities [T, T] (row-major) of the tokens' metrics, read from {@code offset};
     *                only the entries of A tokens (even positions) against B tokens (odd positions) are used
     * @param tokens  sequence length T
     * @param r       tokens to merge away (capped here)
     * @param protectedTokens the first tokens of the sequence (class and register tokens) are never merged, neither
     *                as a source (ToMe's class-token rule) nor as a destination, and stay first in the output
     */
    public static MergePlan plan(float[] similarity, int offset, int tokens, int r, int protectedTokens) {
        int a = setA(tokens);
        int b = setB(tokens);
        r = cappedR(r, tokens, protectedTokens);
        int firstFreeB = protectedTokens / 2; // B token j sits at 2j + 1: j < firstFreeB are protected

        int[] nodeIdx = new int[a];
        long[] byScore = new long[a];
        for (int i = 0; i < a; i++) {
            int row = offset + 2 * i * tokens + 1; // column of B token j: 2j + 1
            int best = firstFreeB;
            for (int j = firstFreeB + 1; j < b; j++) {
                if (similarity[row + 2 * j] > similarity[row + 2 * best]) {
                    best = j;
                }
            }
            nodeIdx[i] = best;
            boolean isProtected = 2 * i < protectedTokens || best >= b;
            float nodeMax = isProtected ? Float.NEGATIVE_INFINITY : similarity[row + 2 * best];
            byScore[i] = descendingKey(nodeMax, i);
        }
        // Descending similarity; ties keep token order so the plan is deterministic.
        Arrays.sort(byScore);

        int[] unmerged = new int[a - r];
        for (int u = 0; u < a - r; u++) {
            unmerged[u] = (int) byScore[r + u];
        }
        if (protectedTokens > 0) {
            Arrays.sort(unmerged);
        }
        // Output slots in ToMe's order (unmerged A, then B), except that protected tokens come first in token order;
        // with the class token alone that is exactly ToMe's order.
        int[] slots = new int[tokens - r];
        int n = 0;
        for (int t = 0; t < protectedTokens; t++) {
            slots[n++] = t;
        }
        for (int u : unmerged) {
            if (2 * u >= protectedTokens) {
                slots[n++] = 2 * u;
            }
        }
        for (int j = firstFreeB; j < b; j++) {
            if (2 * j + 1 >= protectedTokens) {
                slots[n++] = 2 * j + 1;
            }
        }
        int[] destination = new int[tokens];
        int[] order = new int[tokens];
        for (int k = 0; k < slots.length; k++) {
            destination[slots[k]] = k;
            order[k] = slots[k];
        }
        n = slots.length;
        for (int k = 0; k < r; k++) {
            int src = (int) byScore[k];
            destination[2 * src] = destination[2 * nodeIdx[src] + 1];
            order[n++] = 2 * src;
        }
        return new MergePlan(destination, tokens - r, order);
    }

    /** A sort key that orders by descending score, then ascending index: no boxing in the per-block hot path. */
    private static long descendingKey(float score, int index) {
        int bits = Float.floatToIntBits(score);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff); // monotonic in score as a signed int
        return ((long) ~ascending << 32) | index;
    }
}
