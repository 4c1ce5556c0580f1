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
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("patch_embed.proj.weight", new long[] {d, c.inChans(), c.patchSize(), c.patchSize()});
        t.put("patch_embed.proj.bias", new long[] {d});
        if (c.classToken()) {
            t.put("cls_token", new long[] {1, 1, d});
        }
        t.put("pos_embed", new long[] {1, c.tokens(), d});
        for (int i = 0; i < c.depth(); i++) {
            String b = "blocks." + i + ".";
            t.put(b + "norm1.weight", new long[] {d});
            t.put(b + "norm1.bias", new long[] {d});
            t.put(b + "attn.qkv.weight", new long[] {3 * d, d});
            if (c.qkvBias()) {
                t.put(b + "attn.qkv.bias", new long[] {3 * d});
            }
            t.put(b + "attn.proj.weight", new long[] {d, d});
            t.put(b + "attn.proj.bias", new long[] {d});
            t.put(b + "norm2.weight", new long[] {d});
            t.put(b + "norm2.bias", new long[] {d});
            t.put(b + "mlp.fc1.weight", new long[] {c.mlpHidden(), d});
            t.put(b + "mlp.fc1.bias", new long[] {c.mlpHidden()});
            t.put(b + "mlp.fc2.weight", new long[] {d, c.mlpHidden()});
            t.put(b + "mlp.fc2.bias", new long[] {d});
        }
        // timm puts the final norm before pooling for token pooling, after it (fc_norm) for avg pooling.
        String norm = c.globalPool().equals("avg") ? "fc_norm" : "norm";
        t.put(norm + ".weight", new long[] {d});
        t.put(norm + ".bias", new long[] {d});
        t.put("head.weight", new long[] {c.numClasses(), d});
        t.put("head.bias", new long[] {c.numClasses()});
        return t;
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
                    + " (variants with layer scale, register tokens or pre-norm are not supported)");
        }
    }
}
