package io.janus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import io.janus.schedule.Schedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A timm VisionTransformer run as stages on a {@link TokenState}: {@link #embed}, {@link #blocks} (any range, with
 * token merging), {@link #head}. Running blocks [0, k) then [k, L) computes exactly what [0, L) computes: that is
 * the split between edge and cloud.
 *
 * <p>Thread-safe: weights are read-only; each caller owns the arrays of its frames
 * ({@code try (NDManager frame = model.manager().newSubManager()) { … }}).
 */
public final class VitModel implements AutoCloseable {

    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";

    private final VitConfig config;
    private final ModelDigest digest;
    private final NDManager manager;
    private final Preprocessor preprocessor;
    private final NDArray patchWeight;
    private final NDArray patchBias;
    private final NDArray prefix;
    private final NDArray posEmbed;
    private final Block.Norm preNorm;
    private final Block[] blocks;
    private final Block.Norm norm;
    private final Block.Norm fcNorm;
    private final NDArray headWeight;
    private final NDArray headBias;

    private VitModel(VitConfig config, ModelDigest digest, Safetensors file) {
        this.config = config;
        this.digest = digest;
        this.manager = NDManager.newBaseManager();
        this.preprocessor = new Preprocessor(config);
        Weights w = new Weights(file, manager);
        patchWeight = w.get("patch_embed.proj.weight");
        VitConfig.Variant v = config.variant();
        patchBias = v.patchBias() ? w.get("patch_embed.proj.bias") : null;
        prefix = prefixTokens(w, config);
        posEmbed = v.posEmbed() ? w.get("pos_embed") : null;
        preNorm = v.preNorm() ? Block.Norm.of(w, "norm_pre") : null;
        blocks = new Block[config.depth()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new Block(w, i, config);
        }
        norm = v.normBeforePool() ? Block.Norm.of(w, "norm") : null;
        fcNorm = v.normAfterPool() ? Block.Norm.of(w, "fc_norm") : null;
        headWeight = w.get("head.weight");
        headBias = w.get("head.bias");
        // The model's manager lives as long as the process: an array a frame left there would never be freed. Capped,
        // it refuses new arrays (a stage computing from a weight first fails at once) and still makes sub-managers.
        manager.cap();
    }

    /** Class token then register tokens, [1, prefix, D], or null when there are none. */
    private NDArray prefixTokens(Weights w, VitConfig c) {
        if (c.prefixTokens() == 0) {
            return null;
        }
        if (c.variant().regTokens() == 0) {
            return w.get("cls_token");
        }
        NDArray reg = w.get("reg_token");
        return c.classToken() ? NDArrays.concat(new ai.djl.ndarray.NDList(w.get("cls_token"), reg), 1) : reg;
    }

    /** Loads {@code config.json} + {@code model.safetensors} from a folder (timm / Hugging Face hub layout). */
    public static VitModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelException(dir + ": model folder not found (expected a folder with "
                    + CONFIG_FILE + " and " + WEIGHTS_FILE + ")");
        }
        Path weightsFile = dir.resolve(WEIGHTS_FILE);
        Safetensors weights = Safetensors.open(weightsFile);
        VitConfig config = VitConfigReader.read(dir.resolve(CONFIG_FILE), weights);
        return new VitModel(config, sha256(weightsFile), weights);
    }

    public VitConfig config() {
        return config;
    }

    /** sha256 (hex) of {@code model.safetensors}: edge and cloud must run the same weights. */
    public ModelDigest digest() {
        return digest;
    }

    /**
     * Where the weights (and so every frame's tensors) live, and which libtorch runs them: e.g. {@code gpu(0), PyTorch
     * 2.7.1, 1 GPU visible} or {@code cpu(), PyTorch 2.7.1, no GPU visible}. DJL puts the model on the first GPU
     * whenever the libtorch it loaded is a CUDA build and a GPU is visible.
     */
    public String deviceSummary() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        return manager.getDevice() + ", PyTorch " + engine.getVersion() + ", "
                + (gpus == 0 ? "no GPU visible" : gpus + " GPU" + (gpus == 1 ? "" : "s") + " visible");
    }

    /** The manager owning the weights (capped: it takes no other array); create one sub-manager per frame from it. */
    public NDManager manager() {
        return manager;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Tokens merged away per block under {@code schedule} for this model's geometry. */
    public int[] removals(Schedule schedule) {
        return schedule.removals(config.patchTokens(), config.depth());
    }

    /** Patch embedding, class token and position embedding: [B, 3, H, W] pixels → tokens entering block 1. */
    public TokenState embed(NDArray pixels) {
        Shape s = pixels.getShape();
        if (s.dimension() != 4 || s.get(1) != config.inChans() || s.get(2) != config.imgSize()
                || s.get(3) != config.imgSize()) {
            throw new IllegalArgumentException("embed: pixels have shape " + s + ", expected [B, " + config.inChans()
                    + ", " + config.imgSize() + ", " + config.imgSize() + "]");
        }
        NDManager out = pixels.getManager();
        try (NDManager scope = out.newSubManager()) {
            pixels.tempAttach(scope);
            long b = s.get(0);
            long p = config.patchSize();
            NDArray x = Conv2d.conv2d(pixels, patchWeight, patchBias, new Shape(p, p)).singletonOrThrow();
            x = x.reshape(b, config.embedDim(), config.patchTokens()).transpose(0, 2, 1);
            boolean posAfterPrefix = !config.variant().noEmbedClass();
            if (posEmbed != null && !posAfterPrefix) {
                x = x.add(posEmbed); // DeiT-III: the position embedding covers the patches only
            }
            if (prefix != null) {
                // A result lands on its first operand's manager: never let a weight come first (see the constructor).
                NDArray pre = scope.zeros(new Shape(b, config.prefixTokens(), config.embedDim())).addi(prefix);
                x = NDArrays.concat(new ai.djl.ndarray.NDList(pre, x), 1);
            }
            if (posEmbed != null && posAfterPrefix) {
                x = x.add(posEmbed);
            }
            if (preNorm != null) {
                x = preNorm.apply(x);
            }
            NDArray sizes = scope.ones(new Shape(b, config.tokens(), 1));
            x.attach(out);
            sizes.attach(out);
            return new TokenState(x, sizes);
        }
    }

    /** Blocks [from, to) under a schedule (the removals of the whole model are derived from it). */
    public TokenState blocks(TokenState state, int from, int to, Schedule schedule) {
        return blocks(state, from, to, removals(schedule));
    }

    /**
     * Blocks [from, to), block l merging {@code removals[l]} tokens away (capped as ToMe caps it).
     *
     * @param removals one entry per block of the model (absolute block index)
     */
    public TokenState blocks(TokenState state, int from, int to, int[] removals) {
        if (from < 0 || to > blocks.length || from > to) {
            throw new IllegalArgumentException("blocks [" + from + ", " + to + ") out of range for depth " + blocks.length);
        }
        if (removals.length != blocks.length) {
            throw new IllegalArgumentException("schedule has " + removals.length + " entries, the model has "
                    + blocks.length + " blocks");
        }
        NDManager out = state.tokens().getManager();
        TokenState x = state;
        for (int l = from; l < to; l++) {
            TokenState next = blocks[l].forward(x, removals[l], out);
            if (x != state) { // free what the previous block produced, never the caller's arrays
                x.tokens().close();
                if (x.sizes() != next.sizes() && x.sizes() != state.sizes()) {
                    x.sizes().close();
                }
            }
            x = next;
        }
        return x;
    }

    /**
     * Block {@code block}'s stage after its merge (norm, MLP, residual) alone: the part of a block that runs on the
     * tokens a merge leaves, for the profiler to price what merging saves. Returns new tokens on {@code state}'s manager.
     */
    public NDArray mlpStage(TokenState state, int block) {
        if (block < 0 || block >= blocks.length) {
            throw new IllegalArgumentException("block " + block + " out of range for depth " + blocks.length);
        }
        return blocks[block].mlpStage(state, state.tokens().getManager());
    }

    /** Final norm, pooling and classifier: tokens after the last block → logits [B, classes]. */
    public NDArray head(TokenState state) {
        NDManager out = state.tokens().getManager();
        try (NDManager scope = out.newSubManager()) {
            NDArray x = state.tokens();
            x.tempAttach(scope);
            if (norm != null) {
                x = norm.apply(x);
            }
            NDArray pooled = pool(x);
            if (fcNorm != null) {
                pooled = fcNorm.apply(pooled);
            }
            NDArray logits = Linear.linear(pooled, headWeight, headBias).singletonOrThrow();
            logits.attach(out);
            return logits;
        }
    }

    /** timm's global_pool: the class token, or avg / max / avgmax over the patch tokens (every token with pool_include_prefix). */
    private NDArray pool(NDArray x) {
        String kind = config.globalPool();
        if (kind.equals("token")) {
            return x.get(":, 0, :");
        }
        NDArray tokens = config.variant().poolIncludePrefix() ? x : x.get(":, " + config.prefixTokens() + ":, :");
        int[] axis = {1};
        return switch (kind) {
            case "avg" -> tokens.mean(axis);
            case "max" -> tokens.max(axis);
            case "avgmax" -> tokens.max(axis).add(tokens.mean(axis)).muli(0.5f);
            default -> throw new IllegalStateException("global_pool " + kind);
        };
    }

    /** Embed, every block under the schedule, head. */
    public NDArray forward(NDArray pixels, Schedule schedule) {
        TokenState s = embed(pixels);
        return head(blocks(s, 0, config.depth(), schedule));
    }

    @Override
    public void close() {
        manager.close();
    }

    private static ModelDigest sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return ModelDigest.of(HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
