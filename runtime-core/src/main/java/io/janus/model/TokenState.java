package io.janus.model;

import ai.djl.ndarray.NDArray;

/**
 * The tokens between two blocks: what the edge sends at a split point.
 *
 * @param tokens [B, T, D] float32
 * @param sizes  [B, T, 1] float32: how many original patches each token stands for (ToMe's size; ones before any
 *               merge), used for the size-weighted merge and proportional attention
 */
public record TokenState(NDArray tokens, NDArray sizes) {

    public int batch() {
        return (int) tokens.getShape().get(0);
    }

    public int tokenCount() {
        return (int) tokens.getShape().get(1);
    }

    public int dim() {
        return (int) tokens.getShape().get(2);
    }
}
