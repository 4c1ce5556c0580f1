package io.janus.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The tensors (timm names) and shapes a {@link VitConfig} implies, and the check that a weights file has exactly them. */
final class VitWeightLayout {

    private VitWeightLayout() {
    }

    static Map<String, long[]> expected(VitConfig c) {
        long d = c.embedDim();
        VitConfig.Variant v = c.variant();
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("patch_embed.proj.weight", new long[] {d, c.inChans(), c.patchSize(), c.patchSize()});
        if (v.patchBias()) {
            t.put("patch_embed.proj.bias", new long[] {d});
        }
        if (c.classToken()) {
            t.put("cls_token", new long[] {1, 1, d});
        }
        if (v.regTokens() > 0) {
            t.put("reg_token", new long[] {1, v.regTokens(), d});
        }
        if (v.posEmbed()) {
            t.put("pos_embed", new long[] {1, c.posEmbedTokens(), d});
        }
        if (v.preNorm()) {
            norm(t, "norm_pre", d);
        }
        for (int i = 0; i < c.depth(); i++) {
            block(t, c, "blocks." + i + ".");
        }
        if (v.normBeforePool()) {
            norm(t, "norm", d);
        }
        if (v.normAfterPool()) {
            norm(t, "fc_norm", d);
        }
        t.put("head.weight", new long[] {c.numClasses(), d});
        t.put("head.bias", new long[] {c.numClasses()});
        return t;
    }

    private static void block(Map<String, long[]> t, VitConfig c, String b) {
        long d = c.embedDim();
        VitConfig.Variant v = c.variant();
        norm(t, b + "norm1", d);
        t.put(b + "attn.qkv.weight", new long[] {3 * d, d});
        if (c.qkvBias()) {
            t.put(b + "attn.qkv.bias", new long[] {3 * d});
        }
        if (v.qkNorm()) {
            norm(t, b + "attn.q_norm", c.headDim());
            norm(t, b + "attn.k_norm", c.headDim());
        }
        if (v.scaleAttnNorm()) {
            norm(t, b + "attn.norm", d);
        }
        linear(t, b + "attn.proj", d, d, v.projBias());
        if (v.layerScale()) {
            t.put(b + "ls1.gamma", new long[] {d});
        }
        norm(t, b + "norm2", d);
        linear(t, b + "mlp.fc1", c.mlpHidden(), d, v.projBias());
        if (v.scaleMlpNorm()) {
            norm(t, b + "mlp.norm", c.mlpHidden());
        }
        linear(t, b + "mlp.fc2", d, c.mlpHidden(), v.projBias());
        if (v.layerScale()) {
            t.put(b + "ls2.gamma", new long[] {d});
        }
    }

    private static void norm(Map<String, long[]> t, String name, long width) {
        t.put(name + ".weight", new long[] {width});
        t.put(name + ".bias", new long[] {width});
    }

    private static void linear(Map<String, long[]> t, String name, long out, long in, boolean bias) {
        t.put(name + ".weight", new long[] {out, in});
        if (bias) {
            t.put(name + ".bias", new long[] {out});
        }
    }

    /** Fails on the first missing tensor, shape mismatch or unexpected tensor, naming it and what was expected. */
    static void check(VitConfig c, Safetensors weights, String source) {
        Map<String, long[]> expected = expected(c);
        String dims = "(embed_dim " + c.embedDim() + ", depth " + c.depth() + ", mlp hidden " + c.mlpHidden()
                + ", num_classes " + c.numClasses() + ", img_size " + c.imgSize() + ", patch_size " + c.patchSize()
                + " from " + source + ")";
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (!weights.contains(e.getKey())) {
                throw new ModelException(weights.file() + ": tensor " + e.getKey() + " is missing, expected shape "
                        + Arrays.toString(e.getValue()) + " " + dims);
            }
            Safetensors.Tensor actual = weights.tensor(e.getKey());
            if (!Arrays.equals(actual.shape(), e.getValue())) {
                throw new ModelException(weights.file() + ": tensor " + e.getKey() + " has shape " + actual.shapeText()
                        + ", expected " + Arrays.toString(e.getValue()) + " " + dims);
            }
            switch (actual.dtype()) {
                case F32, F16, BF16 -> { }
                default -> throw new ModelException(weights.file() + ": tensor " + e.getKey() + " is "
                        + actual.dtype() + ", expected F32, F16 or BF16");
            }
        }
        TreeSet<String> unexpected = new TreeSet<>(weights.tensors().keySet());
        unexpected.removeAll(expected.keySet());
        if (!unexpected.isEmpty()) {
            throw new ModelException(weights.file() + ": unexpected tensor" + (unexpected.size() > 1 ? "s " : " ")
                    + String.join(", ", unexpected.stream().limit(5).toList())
                    + (unexpected.size() > 5 ? " and " + (unexpected.size() - 5) + " more" : "")
                    + ": not part of a standard timm ViT " + dims
                    + " (docs/models.md lists the supported timm options)");
        }
    }
}
