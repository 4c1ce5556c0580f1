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
 * @param globalPool    {@code token} (class token), {@code avg}, {@code max} or {@code avgmax} (over the patch
 *                      tokens, or every token with {@link Variant#poolIncludePrefix})
 * @param numClasses    classifier outputs
 * @param labelNames    one name per class (indices as names when config.json has none)
 * @param preprocessing how images become the model's input
 * @param variant       the timm options beyond the plain ViT (register tokens, LayerScale, qk_norm, …)
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
        Preprocessing preprocessing,
        Variant variant) {

    /** timm ViTs use LayerNorm with eps 1e-6. */
    public static final float LAYER_NORM_EPS = 1e-6f;

    /**
     * @param mean           per-channel mean subtracted after scaling to [0, 1]
     * @param std            per-channel standard deviation divided by
     * @param interpolation  {@code bilinear} or {@code bicubic}
     * @param cropPct        resize to size / cropPct, then centre-crop to size (1.0 = plain resize)
     */
    public record Preprocessing(float[] mean, float[] std, String interpolation, double cropPct) {}

    /**
     * The timm {@code VisionTransformer} options Janus runs besides the plain ViT, named as in timm's model_args.
     *
     * @param regTokens         register tokens after the class token ({@code reg_tokens}); never merged
     * @param noEmbedClass      position embedding covers the patch tokens only ({@code no_embed_class}, DeiT-III)
     * @param posEmbed          whether there is a learned position embedding ({@code pos_embed} 'learn' vs 'none')
     * @param patchBias         whether the patch embedding has a bias (timm drops it with {@code pre_norm})
     * @param preNorm           LayerNorm after the embedding, before block 1 ({@code pre_norm}, CLIP)
     * @param qkNorm            LayerNorm of queries and keys per head ({@code qk_norm})
     * @param scaleAttnNorm     LayerNorm of the attention output before its projection ({@code scale_attn_norm})
     * @param scaleMlpNorm      LayerNorm of the MLP hidden activations ({@code scale_mlp_norm})
     * @param projBias          whether the attention projection and the MLP have biases ({@code proj_bias})
     * @param layerScale        per-channel scales on both residual branches ({@code init_values}, DeiT-III)
     * @param normBeforePool    the final LayerNorm on every token before pooling ({@code norm})
     * @param normAfterPool     the final LayerNorm on the pooled vector ({@code fc_norm})
     * @param poolIncludePrefix avg/max pooling over the prefix tokens too ({@code pool_include_prefix})
     */
    public record Variant(int regTokens, boolean noEmbedClass, boolean posEmbed, boolean patchBias, boolean preNorm,
                          boolean qkNorm, boolean scaleAttnNorm, boolean scaleMlpNorm, boolean projBias,
                          boolean layerScale, boolean normBeforePool, boolean normAfterPool,
                          boolean poolIncludePrefix) {

        /** The original ViT: class token, learned position embedding over every token, final norm before pooling. */
        public static Variant plain() {
            return new Variant(0, false, true, true, false, false, false, false, true, false, true, false, false);
        }
    }

    /** Patch tokens the embedding produces (the tokens token merging may merge). */
    public int patchTokens() {
        int side = imgSize / patchSize;
        return side * side;
    }

    /** Tokens that are never merged: the class token and the register tokens, first in the sequence. */
    public int prefixTokens() {
        return (classToken ? 1 : 0) + variant.regTokens();
    }

    /** Rows of the position embedding: the patch tokens, plus the prefix tokens unless {@code no_embed_class}. */
    public int posEmbedTokens() {
        return variant.noEmbedClass() ? patchTokens() : tokens();
    }

    /** Tokens entering block 1. */
    public int tokens() {
        return patchTokens() + prefixTokens();
    }

    public int headDim() {
        return embedDim / numHeads;
    }
}
