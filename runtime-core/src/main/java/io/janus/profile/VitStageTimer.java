package io.janus.profile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.janus.model.ModelDigest;
import io.janus.model.TokenMergingAdapter;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * The {@link StageTimer} of a loaded {@link VitModel}, one frame per run (the runtimes' batch size). Inputs are
 * prepared once and kept; each run's outputs are freed right after it is timed, so only the stage itself is
 * timed. Blocks and their MLP stages run without merging on the first {@code tokens} tokens of an embedded frame, and
 * so does the merge step alone. One profiler
 * thread at a time; close it to free the prepared inputs.
 */
public final class VitStageTimer implements StageTimer, AutoCloseable {

    private final LongSupplier clock;
    private final VitModel model;
    private final NDManager inputs;
    private final NDArray pixels;
    private final TokenState embedded;
    private final int[] noMerging;
    private final Map<Integer, TokenState> truncated = new HashMap<>();
    private final Map<Integer, NDArray> metrics = new HashMap<>();
    private final TokenState lastBlockOutput;

    public VitStageTimer(VitModel model) {
        this(model, System::nanoTime);
    }

    /**
     * Times the stages with the CPU time of the calling thread: with one intra-op thread the engine computes on
     * it, so this is the stage's work, unaffected by other loads sharing the machine's cores.
     */
    public static VitStageTimer threadCpuTime(VitModel model) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return new VitStageTimer(model, bean::getCurrentThreadCpuTime);
    }

    private VitStageTimer(VitModel model, LongSupplier clock) {
        this.clock = clock;
        this.model = model;
        this.inputs = model.manager().newSubManager();
        int side = model.config().imgSize();
        // A fixed pseudo-random frame: dense stages take the same time whatever the pixel values.
        float[] values = new float[model.config().inChans() * side * side];
        Random random = new Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        this.pixels = inputs.create(values, new ai.djl.ndarray.types.Shape(1, model.config().inChans(), side, side));
        this.embedded = model.embed(pixels);
        this.noMerging = new int[model.config().depth()];
        this.lastBlockOutput = model.blocks(embedded, 0, model.config().depth(), noMerging);
    }

    @Override
    public ModelGeometry geometry() {
        return ModelGeometry.of(model.config());
    }

    @Override
    public ModelDigest modelDigest() {
        return model.digest();
    }

    @Override
    public int threads() {
        return JniUtils.getNumThreads();
    }

    @Override
    public String device() {
        return describeDevice();
    }

    @Override
    public double embedMs() {
        long start = clock.getAsLong();
        TokenState out = model.embed(pixels);
        long elapsed = clock.getAsLong() - start;
        free(out, null);
        return elapsed / 1e6;
    }

    @Override
    public double blockMs(int block, int tokens) {
        TokenState in = truncated.computeIfAbsent(tokens, this::firstTokens);
        long start = clock.getAsLong();
        TokenState out = model.blocks(in, block, block + 1, noMerging);
        long elapsed = clock.getAsLong() - start;
        free(out, in);
        return elapsed / 1e6;
    }

    @Override
    public double mlpMs(int block, int tokens) {
        TokenState in = truncated.computeIfAbsent(tokens, this::firstTokens);
        long start = clock.getAsLong();
        NDArray out = model.mlpStage(in, block);
        long elapsed = clock.getAsLong() - start;
        out.close();
        return elapsed / 1e6;
    }

    @Override
    public double mergeMs(int tokens) {
        TokenState in = truncated.computeIfAbsent(tokens, this::firstTokens);
        NDArray metric = metrics.computeIfAbsent(tokens, this::randomMetric);
        int prefix = model.config().prefixTokens();
        int r = Math.max(1, (tokens - prefix) / 4);
        long start = clock.getAsLong();
        TokenState out = TokenMergingAdapter.mergeWeighted(in, metric, r, prefix);
        long elapsed = clock.getAsLong() - start;
        free(out, in);
        return elapsed / 1e6;
    }

    @Override
    public double headMs() {
        long start = clock.getAsLong();
        NDArray logits = model.head(lastBlockOutput);
        long elapsed = clock.getAsLong() - start;
        logits.close();
        return elapsed / 1e6;
    }

    @Override
    public void close() {
        inputs.close();
    }

    private TokenState firstTokens(int tokens) {
        if (tokens < 1 || tokens > embedded.tokenCount()) {
            throw new IllegalArgumentException("cannot time a block on " + tokens + " tokens: the model has "
                    + embedded.tokenCount());
        }
        String range = ":, :" + tokens + ", :";
        return new TokenState(embedded.tokens().get(range), embedded.sizes().get(range));
    }

    /** A pseudo-random stand-in for ToMe's metric (keys averaged over heads): matching costs the same whatever the keys. */
    private NDArray randomMetric(int tokens) {
        return inputs.randomNormal(new ai.djl.ndarray.types.Shape(1, tokens, model.config().headDim()));
    }

    /** Frees a run's outputs, never arrays it shares with its input. */
    private static void free(TokenState out, TokenState in) {
        if (in == null || out.tokens() != in.tokens()) {
            out.tokens().close();
        }
        if (in == null || out.sizes() != in.sizes()) {
            out.sizes().close();
        }
    }

    /** CPU model, cores, OS and engine: enough to tell two machines' profiles apart. */
    static String describeDevice() {
        String cpu = System.getProperty("os.arch");
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                List<String> lines = Files.readAllLines(cpuinfo);
                cpu = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            }
        } catch (IOException e) {
            // keep the architecture alone
        }
        return String.format(Locale.ROOT, "%s, %d cores, %s %s, PyTorch CPU (DJL)", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }
}
