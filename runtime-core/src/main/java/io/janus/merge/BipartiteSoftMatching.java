package io.janus.merge;

import java.util.Arrays;

/**
 * ToMe's bipartite soft matching (Bolya et al., ICLR 2023): tokens alternate into sets A (even positions) and
 * B (odd positions); each A token finds its most similar B token by cosine similarity of the keys averaged over
 * heads; the r best-matched A tokens merge into their B match. A protected class token is never merged, and r is
 * capped at ⌊(T − protected) / 2⌋.
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

    /** r as ToMe caps it. */
    public static int cappedR(int r, int tokens, boolean protectClassToken) {
        return Math.max(0, Math.min(r, (tokens - (protectClassToken ? 1 : 0)) / 2));
    }

    /**
     * Plans one merge step for one sequence.
     *
     * @param scores  cosine similarities [A, B] (row-major) of normalized A keys with normalized B keys, read from
     *                {@code offset}
     * @param tokens  sequence length T
     * @param r       tokens to merge away (capped here)
     * @param protectClassToken keep token 0 (the class token) out of every merge
     */
    public static MergePlan plan(float[] scores, int offset, int tokens, int r, boolean protectClassToken) {
        int a = setA(tokens);
        int b = setB(tokens);
        r = cappedR(r, tokens, protectClassToken);

        float[] nodeMax = new float[a];
        int[] nodeIdx = new int[a];
        for (int i = 0; i < a; i++) {
            int row = offset + i * b;
            int best = 0;
            for (int j = 1; j < b; j++) {
                if (scores[row + j] > scores[row + best]) {
                    best = j;
                }
            }
            nodeIdx[i] = best;
            nodeMax[i] = (protectClassToken && i == 0) ? Float.NEGATIVE_INFINITY : scores[row + best];
        }
        Integer[] byScore = new Integer[a];
        for (int i = 0; i < a; i++) {
            byScore[i] = i;
        }
        // Descending similarity; ties keep token order so the plan is deterministic.
        Arrays.sort(byScore, (x, y) -> Float.compare(nodeMax[y], nodeMax[x]));

        int[] unmerged = new int[a - r];
        for (int u = 0; u < a - r; u++) {
            unmerged[u] = byScore[r + u];
        }
        if (protectClassToken) {
            Arrays.sort(unmerged);
        }
        int[] destination = new int[tokens];
        int[] order = new int[tokens];
        int n = 0;
        for (int u = 0; u < unmerged.length; u++) {
            destination[2 * unmerged[u]] = u;
            order[n++] = 2 * unmerged[u];
        }
        for (int j = 0; j < b; j++) {
            destination[2 * j + 1] = unmerged.length + j;
            order[n++] = 2 * j + 1;
        }
        for (int k = 0; k < r; k++) {
            int src = byScore[k];
            destination[2 * src] = unmerged.length + nodeIdx[src];
            order[n++] = 2 * src;
        }
        return new MergePlan(destination, tokens - r, order);
    }
}
