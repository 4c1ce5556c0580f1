package io.janus.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a timm hub {@code config.json}. Dimensions come from {@code model_args} when present, otherwise from the
 * architecture name ({@code vit_{tiny,small,base,large,huge}_patch{P}_{IMG}}) and the tensor shapes; every value is
 * then checked against the weights so a mismatch is reported before anything runs.
 */
final class VitConfigReader {

    private static final Pattern ARCHITECTURE =
            Pattern.compile("^vit_(tiny|small|base|large|huge)_patch(\\d+)_(\\d+)(?:\\..*)?$");

    /** embed_dim, depth, num_heads of timm's named ViT sizes. */
    private static final Map<String, int[]> SIZES = Map.of(
            "tiny", new int[] {192, 12, 3},
            "small", new int[] {384, 12, 6},
            "base", new int[] {768, 12, 12},
            "large", new int[] {1024, 24, 16},
            "huge", new int[] {1280, 32, 16});

    private static final List<String> POOLS = List.of("token", "avg", "max", "avgmax");

    /** model_args the engine reads (or that only act in training: dropout, initialisation). */
    private static final Set<String> KNOWN = Set.of("img_size", "patch_size", "in_chans", "num_classes", "global_pool",
            "embed_dim", "depth", "num_heads", "mlp_ratio", "qkv_bias", "qk_norm", "scale_attn_norm", "scale_mlp_norm",
            "proj_bias", "init_values", "class_token", "pos_embed", "no_embed_class", "reg_tokens", "pre_norm",
            "final_norm", "fc_norm", "pool_include_prefix", "dynamic_img_size", "dynamic_img_pad", "drop_rate",
            "pos_drop_rate", "patch_drop_rate", "proj_drop_rate", "attn_drop_rate", "drop_path_rate", "weight_init",
            "fix_init", "architecture");

    /**
     * model_args accepted only at timm's default, as their other values change the computation: the option, then
     * what the engine runs. A norm layer given at all is refused (CLIP's LayerNorm has eps 1e-5, not timm's 1e-6).
     */
    private static final Map<String, String> DEFAULT_ONLY = Map.of(
            "embed_layer", "PatchEmbed", "embed_norm_layer", "none", "norm_layer", "timm's LayerNorm, eps 1e-6",
            "act_layer", "gelu", "block_fn", "Block", "mlp_layer", "Mlp", "attn_layer", "Attention");

    /** timm's defaults for ViT pretrained configs that leave these out. */
    private static final float[] DEFAULT_MEAN = {0.5f, 0.5f, 0.5f};
    private static final float[] DEFAULT_STD = {0.5f, 0.5f, 0.5f};

    private final Path file;
    private final JsonNode root;
    private final JsonNode args;

    private VitConfigReader(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
        this.args = root.path("model_args");
    }

    static VitConfig read(Path configFile, Safetensors weights) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(configFile));
        } catch (NoSuchFileException e) {
            throw new ModelException(configFile + ": file not found (a model folder needs config.json and model.safetensors)");
        } catch (JsonProcessingException e) {
            throw new ModelException(configFile + ": not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        } catch (IOException e) {
            throw new ModelException(configFile + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelException(configFile + ": expected a JSON object");
        }
        return new VitConfigReader(configFile, root).config(weights);
    }

    private VitConfig config(Safetensors weights) {
        String architecture = root.path("architecture").asText(args.path("architecture").asText(""));
        int[] named = namedSize(architecture);
        String where = weights.file().getFileName().toString();

        int patchSize = intArg("patch_size", named == null ? -1 : named[3]);
        int embedDim = intArg("embed_dim", named == null ? -1 : named[0]);
        int depth = intArg("depth", named == null ? countBlocks(weights) : named[1]);
        int numHeads = intArg("num_heads", named == null ? -1 : named[2]);
        int imgSize = imageSize(named == null ? -1 : named[4]);
        if (patchSize <= 0 || embedDim <= 0 || depth <= 0 || numHeads <= 0 || imgSize <= 0) {
            throw new ModelException(file + ": unsupported architecture '" + architecture + "': expected "
                    + "vit_{tiny,small,base,large,huge}_patch{P}_{IMG} or model_args with patch_size, embed_dim, "
                    + "depth, num_heads and img_size");
        }
        if (embedDim % numHeads != 0) {
            throw new ModelException(file + ": embed_dim " + embedDim + " is not divisible by num_heads " + numHeads);
        }
        if (imgSize % patchSize != 0) {
            throw new ModelException(file + ": img_size " + imgSize + " is not a multiple of patch_size " + patchSize);
        }
        refuseUnsupported();
        String globalPool = args.has("global_pool") ? args.get("global_pool").asText()
                : root.path("global_pool").asText("token");
        if (!POOLS.contains(globalPool)) {
            throw new ModelException(file + ": model_args.global_pool '" + globalPool + "' is not supported (expected "
                    + String.join(", ", POOLS) + "; attention pooling 'map'/'prr' and no pooling '' are refused)");
        }
        boolean classToken = flag("class_token", !inferred() || weights.contains("cls_token"));
        if (globalPool.equals("token") && !classToken) {
            throw new ModelException(file + ": global_pool token needs class_token true");
        }
        int inChans = intArg("in_chans", 3);
        int numClasses = intArg("num_classes", root.path("num_classes").asInt(-1));
        if (numClasses == 0) {
            throw new ModelException(file + ": model_args.num_classes 0 (no classifier head) is not supported");
        }
        int mlpHidden = args.has("mlp_ratio") ? (int) (embedDim * args.get("mlp_ratio").asDouble()) : -1;
        boolean qkvBias = flag("qkv_bias", weights.contains("blocks.0.attn.qkv.bias"));

        // Values the config leaves open are taken from the weights; the shape check below then holds them to it.
        if (numClasses < 0) {
            numClasses = (int) dim(weights, "head.weight", 0);
        }
        if (mlpHidden < 0) {
            mlpHidden = (int) dim(weights, "blocks.0.mlp.fc1.weight", 0);
        }
        int side = imgSize / patchSize;
        VitConfig.Variant variant = variant(weights, globalPool, side * side);
        VitConfig config = new VitConfig(architecture, imgSize, patchSize, inChans, embedDim, depth, numHeads,
                mlpHidden, qkvBias, classToken, globalPool, numClasses, labelNames(numClasses), preprocessing(inChans),
                variant);
        VitWeightLayout.check(config, weights, where + " (config from " + file.getFileName() + ")");
        return config;
    }

    /**
     * The options beyond the plain ViT. With model_args (a hub config written by timm) an absent option has timm's
     * default; without model_args each is read off the weights. The layout check then holds the weights to them.
     */
    private VitConfig.Variant variant(Safetensors weights, String globalPool, int patches) {
        int regTokens = intArg("reg_tokens", inferred() && weights.contains("reg_token") ? (int) dim(weights, "reg_token", 1) : 0);
        if (regTokens < 0) {
            throw new ModelException(file + ": model_args.reg_tokens must be >= 0, got " + regTokens);
        }
        String posEmbed = args.path("pos_embed").asText(!inferred() || weights.contains("pos_embed") ? "learn" : "none");
        if (!posEmbed.equals("learn") && !posEmbed.equals("none") && !posEmbed.isEmpty()) {
            throw new ModelException(file + ": model_args.pos_embed '" + posEmbed + "' is not supported (expected learn or none)");
        }
        boolean hasPosEmbed = posEmbed.equals("learn");
        boolean noEmbedClass = option("no_embed_class", false, hasPosEmbed && weights.contains("pos_embed")
                && dim(weights, "pos_embed", 1) == patches);
        boolean preNorm = option("pre_norm", false, weights.contains("norm_pre.weight"));
        JsonNode initValues = args.path("init_values");
        boolean layerScale = initValues.isMissingNode() ? inferred() && weights.contains("blocks.0.ls1.gamma")
                : !initValues.isNull() && initValues.asDouble() != 0;
        boolean finalNorm = option("final_norm", true, weights.contains("norm.weight") || weights.contains("fc_norm.weight"));
        // timm: fc_norm None means "after pooling for avg, max and avgmax".
        boolean fcNorm = option("fc_norm", !globalPool.equals("token"),
                weights.contains("fc_norm.weight") || !globalPool.equals("token") && !weights.contains("norm.weight"));
        return new VitConfig.Variant(regTokens, noEmbedClass, hasPosEmbed,
                !preNorm, // timm drops the patch embedding's bias when it normalises after the embedding
                preNorm,
                option("qk_norm", false, weights.contains("blocks.0.attn.q_norm.weight")),
                option("scale_attn_norm", false, weights.contains("blocks.0.attn.norm.weight")),
                option("scale_mlp_norm", false, weights.contains("blocks.0.mlp.norm.weight")),
                option("proj_bias", true, weights.contains("blocks.0.attn.proj.bias")),
                layerScale, finalNorm && !fcNorm, finalNorm && fcNorm,
                option("pool_include_prefix", false, false));
    }

    /** No model_args: options are read off the weights. */
    private boolean inferred() {
        return args.isMissingNode();
    }

    private boolean option(String name, boolean timmDefault, boolean weightsSay) {
        return flag(name, inferred() ? weightsSay : timmDefault);
    }

    /**
     * Refuses a model_args option that changes the computation in a way the engine does not run, naming it; options
     * that only matter in training (dropout, init) are accepted.
     */
    private void refuseUnsupported() {
        for (Map.Entry<String, String> e : DEFAULT_ONLY.entrySet()) {
            JsonNode v = args.path(e.getKey());
            if (!v.isMissingNode() && !v.isNull() && !v.asText().equalsIgnoreCase(e.getValue())) {
                throw new ModelException(file + ": model_args." + e.getKey() + " = " + v + " is not supported (Janus runs "
                        + e.getValue() + "; docs/models.md lists the supported options)");
            }
        }
        args.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name) && !DEFAULT_ONLY.containsKey(name)) {
                throw new ModelException(file + ": model_args." + name + " is not a VisionTransformer option Janus "
                        + "knows (docs/models.md lists the supported options)");
            }
        });
    }

    private boolean flag(String name, boolean fallback) {
        JsonNode v = args.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ModelException(file + ": model_args." + name + " must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    private static int[] namedSize(String architecture) {
        Matcher m = ARCHITECTURE.matcher(architecture);
        if (!m.matches()) {
            return null;
        }
        int[] size = SIZES.get(m.group(1));
        return new int[] {size[0], size[1], size[2], Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private int intArg(String name, int fallback) {
        JsonNode v = args.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt()) {
            throw new ModelException(file + ": model_args." + name + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private int imageSize(int fallback) {
        JsonNode inputSize = root.path("pretrained_cfg").path("input_size");
        int fromArgs = intArg("img_size", -1);
        if (fromArgs > 0) {
            return fromArgs;
        }
        if (inputSize.isArray() && inputSize.size() == 3) {
            if (inputSize.get(1).asInt() != inputSize.get(2).asInt()) {
                throw new ModelException(file + ": pretrained_cfg.input_size " + inputSize + " is not square");
            }
            return inputSize.get(1).asInt();
        }
        return fallback;
    }

    private static long dim(Safetensors weights, String tensor, int axis) {
        Safetensors.Tensor t = weights.tensor(tensor);
        if (t.shape().length <= axis) {
            throw new ModelException(weights.file() + ": tensor " + tensor + " has shape " + t.shapeText()
                    + ", expected at least " + (axis + 1) + " dimensions");
        }
        return t.shape()[axis];
    }

    private static int countBlocks(Safetensors weights) {
        int depth = 0;
        while (weights.contains("blocks." + depth + ".norm1.weight")) {
            depth++;
        }
        return depth;
    }

    private List<String> labelNames(int numClasses) {
        JsonNode names = root.path("label_names");
        List<String> out = new ArrayList<>();
        if (names.isArray() && names.size() == numClasses) {
            names.forEach(n -> out.add(n.asText()));
        } else {
            for (int i = 0; i < numClasses; i++) {
                out.add(Integer.toString(i));
            }
        }
        return List.copyOf(out);
    }

    private VitConfig.Preprocessing preprocessing(int inChans) {
        JsonNode cfg = root.path("pretrained_cfg");
        float[] mean = floats(cfg.path("mean"), DEFAULT_MEAN, "pretrained_cfg.mean", inChans);
        float[] std = floats(cfg.path("std"), DEFAULT_STD, "pretrained_cfg.std", inChans);
        for (float s : std) {
            if (!(s > 0)) {
                throw new ModelException(file + ": pretrained_cfg.std must be positive, got " + cfg.path("std"));
            }
        }
        String interpolation = cfg.path("interpolation").asText("bicubic");
        if (!interpolation.equals("bilinear") && !interpolation.equals("bicubic")) {
            throw new ModelException(file + ": pretrained_cfg.interpolation '" + interpolation
                    + "' is not supported (expected bilinear or bicubic)");
        }
        double cropPct = cfg.path("crop_pct").asDouble(1.0);
        if (!(cropPct > 0 && cropPct <= 1.0)) {
            throw new ModelException(file + ": pretrained_cfg.crop_pct must be in (0, 1], got " + cropPct);
        }
        return new VitConfig.Preprocessing(mean, std, interpolation, cropPct);
    }

    private float[] floats(JsonNode node, float[] fallback, String name, int channels) {
        if (node.isMissingNode()) {
            return fallback.clone();
        }
        if (!node.isArray() || node.size() != channels) {
            throw new ModelException(file + ": " + name + " must list " + channels + " numbers, got " + node);
        }
        float[] v = new float[channels];
        for (int i = 0; i < channels; i++) {
            v[i] = (float) node.get(i).asDouble();
        }
        return v;
    }
}
