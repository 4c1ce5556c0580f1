package io.janus.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small timm-layout ViT with random weights, for tests that need a model of another shape than the shipped one
 * (no qkv bias, average pooling, no model_args, BF16 weights…).
 */
public final class TinyVit {

    public int embedDim = 32;
    public int depth = 3;
    public int heads = 2;
    public int mlpHidden = 64;
    public int imgSize = 32;
    public int patchSize = 8;
    public int classes = 5;
    public boolean qkvBias = true;
    public String globalPool = "token";
    public boolean withModelArgs = true;
    public String architecture = "vit_custom";
    public String dtype = "F32";

    /** The tensors of this geometry, with deterministic random values. */
    public SafetensorsWriter weights() {
        Random rnd = new Random(7);
        SafetensorsWriter w = new SafetensorsWriter();
        int d = embedDim;
        int tokens = (imgSize / patchSize) * (imgSize / patchSize) + 1;
        put(w, rnd, "patch_embed.proj.weight", d, 3, patchSize, patchSize);
        put(w, rnd, "patch_embed.proj.bias", d);
        put(w, rnd, "cls_token", 1, 1, d);
        put(w, rnd, "pos_embed", 1, tokens, d);
        for (int i = 0; i < depth; i++) {
            String b = "blocks." + i + ".";
            put(w, rnd, b + "norm1.weight", d);
            put(w, rnd, b + "norm1.bias", d);
            put(w, rnd, b + "attn.qkv.weight", 3 * d, d);
            if (qkvBias) {
                put(w, rnd, b + "attn.qkv.bias", 3 * d);
            }
            put(w, rnd, b + "attn.proj.weight", d, d);
            put(w, rnd, b + "attn.proj.bias", d);
            put(w, rnd, b + "norm2.weight", d);
            put(w, rnd, b + "norm2.bias", d);
            put(w, rnd, b + "mlp.fc1.weight", mlpHidden, d);
            put(w, rnd, b + "mlp.fc1.bias", mlpHidden);
            put(w, rnd, b + "mlp.fc2.weight", d, mlpHidden);
            put(w, rnd, b + "mlp.fc2.bias", d);
        }
        String norm = globalPool.equals("avg") ? "fc_norm" : "norm";
        put(w, rnd, norm + ".weight", d);
        put(w, rnd, norm + ".bias", d);
        put(w, rnd, "head.weight", classes, d);
        put(w, rnd, "head.bias", classes);
        return w;
    }

    public String configJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("architecture", architecture);
        root.put("num_classes", classes);
        root.put("global_pool", globalPool);
        if (withModelArgs) {
            ObjectNode args = root.putObject("model_args");
            args.put("img_size", imgSize).put("patch_size", patchSize).put("embed_dim", embedDim).put("depth", depth)
                    .put("num_heads", heads).put("mlp_ratio", (double) mlpHidden / embedDim).put("qkv_bias", qkvBias)
                    .put("global_pool", globalPool);
        }
        ObjectNode cfg = root.putObject("pretrained_cfg");
        cfg.putArray("input_size").add(3).add(imgSize).add(imgSize);
        cfg.putArray("mean").add(0.485).add(0.456).add(0.406);
        cfg.putArray("std").add(0.229).add(0.224).add(0.225);
        cfg.put("interpolation", "bilinear");
        cfg.put("crop_pct", 1.0);
        return root.toPrettyString();
    }

    /** Writes config.json and model.safetensors into {@code dir}. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), configJson());
            weights().write(dir.resolve("model.safetensors"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(SafetensorsWriter w, Random rnd, String name, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] v = new float[n];
        boolean scaleParam = name.endsWith("norm1.weight") || name.endsWith("norm2.weight") || name.endsWith("norm.weight");
        for (int i = 0; i < n; i++) {
            v[i] = scaleParam ? 1f + 0.1f * (float) rnd.nextGaussian() : 0.2f * (float) rnd.nextGaussian();
        }
        switch (dtype) {
            case "F16" -> w.f16(name, v, shape);
            case "BF16" -> w.bf16(name, v, shape);
            default -> w.f32(name, v, shape);
        }
    }
}
