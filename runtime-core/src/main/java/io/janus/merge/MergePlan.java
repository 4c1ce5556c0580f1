package io.janus.merge;

/**
 * Which token each token of a sequence ends up in after one ToMe merge step, for one sequence of a batch.
 * Computed once from the similarity of the tokens' keys ({@link BipartiteSoftMatching}), then applied to the
 * tokens and their sizes alike.
 *
 * <p>Output order is ToMe's: the unmerged tokens of set A (in token order when a class token is protected, so it
 * stays first), then every token of set B, into which the merged A tokens were added.
 */
public final class MergePlan {

    private final int[] destination;
    private final int outputTokens;
    private final int[] mergeOrder;

    /**
     * @param destination  for each input token, the index of the output token it goes to
     * @param outputTokens number of output tokens
     * @param mergeOrder   input tokens in the order their values are accumulated (ToMe's: unmerged and B tokens
     *                     first, then the merged A tokens in order of decreasing similarity)
     */
    MergePlan(int[] destination, int outputTokens, int[] mergeOrder) {
        this.destination = destination;
        this.outputTokens = outputTokens;
        this.mergeOrder = mergeOrder;
    }

    public int inputTokens() {
        return destination.length;
    }

    public int outputTokens() {
        return outputTokens;
    }

    /** The output token that input token {@code t} ends up in. */
    public int destination(int t) {
        return destination[t];
    }

    /**
     * ToMe's size-weighted average ({@code merge_wavg}): merges {@code tokens·sizes} and {@code sizes} by summing,
     * then divides, so each output token is the size-weighted mean of what merged into it.
     *
     * @param tokens   [T, dim] row-major, read from {@code tokenOffset}
     * @param sizes    [T] how many original patches each token stands for, read from {@code sizeOffset}
     * @param outTokens receives [T − r, dim] at {@code outTokenOffset}
     * @param outSizes  receives [T − r] at {@code outSizeOffset}
     */
    public void mergeWeighted(float[] tokens, int tokenOffset, float[] sizes, int sizeOffset, int dim,
                              float[] outTokens, int outTokenOffset, float[] outSizes, int outSizeOffset) {
        java.util.Arrays.fill(outTokens, outTokenOffset, outTokenOffset + outputTokens * dim, 0f);
        java.util.Arrays.fill(outSizes, outSizeOffset, outSizeOffset + outputTokens, 0f);
        for (int t : mergeOrder) {
            int d = destination[t];
            float size = sizes[sizeOffset + t];
            outSizes[outSizeOffset + d] += size;
            int in = tokenOffset + t * dim;
            int out = outTokenOffset + d * dim;
            for (int c = 0; c < dim; c++) {
                outTokens[out + c] += tokens[in + c] * size;
            }
        }
        for (int d = 0; d < outputTokens; d++) {
            float size = outSizes[outSizeOffset + d];
            int out = outTokenOffset + d * dim;
            for (int c = 0; c < dim; c++) {
                outTokens[out + c] /= size;
            }
        }
    }
}
