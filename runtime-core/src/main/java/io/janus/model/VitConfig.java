package io.janus.model;

import java.util.List;

/**
 * The geometry of a timm VisionTransformer and how its input is prepared, as read from {@code config.json}
 * and checked against the weights.
 *
 * @param architecture  timm architecture name, e.g. {@code vit_tiny_patch8_112}
 * @param imgSize       input height = width in pixels
 * @param patchSize     patch height = width in pixels
 * @param inChans       input channels of the patch embedding
 * @param embedDim      token width D
 * @param depth         number of transformer blocks L
 * @param numHeads      attention heads per block
 * @param mlpHidden     hidden width of each block's MLP
 * @param qkvBias       whether the qkv projection has a bias
 * @param classToken    whether a class token is prepended (it is never merged)
 * @param globalPool    {@code token} (class token) or {@code avg} (mean of patch tokens)
 * @param numClasses    classifier outputs
 * @param labelNames    one name per class (indices as names when config.json has none)
 * @param preprocessing how images become the model's input
 */
public record VitConfig(
        String architecture,
        int imgSize,
        int patchSize,
        int inChans,
        int embedDim,
        int depth,
        int numHeads,
        int mlpHidden,
        boolean qkvBias,
        boolean classToken,
        String globalPool,
        int numClasses,
        List<String> labelNames,
        Preprocessing preprocessing) {

    /** timm ViTs use LayerNorm with eps 1e-6. */
    public static final float LAYER_NORM_EPS = 1e-6f;

    /**
     * @param mean           per-channel mean subtracted after scaling to [0, 1]
     * @param std            per-channel standard deviation divided by
     * @param interpolation  {@code bilinear} or {@code bicubic}
     * @param cropPct        resize to size / cropPct, then centre-crop to size (1.0 = plain resize)
     */
    public record Preprocessing(float[] mean, float[] std, String interpolation, double cropPct) {}

    /** Patch tokens the embedding produces (the tokens token merging may merge). */
    public int patchTokens() {
        int side = imgSize / patchSize;
        return side * side;
    }

    /** Tokens that are never merged (the class token). */
    public int prefixTokens() {
        return classToken ? 1 : 0;
    }

    /** Tokens entering block 1. */
    public int tokens() {
        return patchTokens() + prefixTokens();
    }

    public int headDim() {
        return embedDim / numHeads;
    }
}
