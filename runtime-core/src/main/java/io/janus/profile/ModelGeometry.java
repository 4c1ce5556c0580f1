package io.janus.profile;

import io.janus.model.VitConfig;

/**
 * The shape of a ViT as far as latency and payload size are concerned.
 *
 * @param depth         number of transformer blocks (L)
 * @param patchTokens   mergeable tokens entering block 1 (the patches)
 * @param prefixTokens  tokens never merged (the class token)
 * @param dim           embedding width: values per token
 */
public record ModelGeometry(int depth, int patchTokens, int prefixTokens, int dim) {

    /** The shipped model, models/vit-tiny-mnist: 112×112 input, 8×8 patches, ViT-Tiny width. */
    public static final ModelGeometry VIT_TINY_MNIST = new ModelGeometry(12, 196, 1, 192);

    /** The paper's large model, ViT-L/16 at 384×384. */
    public static final ModelGeometry VIT_L_384 = new ModelGeometry(24, 576, 1, 1024);

    public ModelGeometry {
        if (depth < 1 || patchTokens < 1 || prefixTokens < 0 || dim < 1) {
            throw new IllegalArgumentException("model geometry: depth " + depth + ", patch tokens " + patchTokens
                    + ", prefix tokens " + prefixTokens + ", dim " + dim
                    + ": depth, patch tokens and dim must be >= 1, prefix tokens >= 0");
        }
    }

    /** The geometry of a loaded model. */
    public static ModelGeometry of(VitConfig config) {
        return new ModelGeometry(config.depth(), config.patchTokens(), config.prefixTokens(), config.embedDim());
    }

    /** All tokens entering block 1. */
    public int fullTokens() {
        return patchTokens + prefixTokens;
    }
}
