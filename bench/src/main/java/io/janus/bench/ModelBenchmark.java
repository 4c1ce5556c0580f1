package io.janus.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.janus.model.TokenMergingAdapter;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.profile.Timings;
import io.janus.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine speed on one frame (batch 1): one merge step against its block at full token count, and the whole
 * forward under several schedules.
 */
public final class ModelBenchmark {

    /** One merge step's time next to its block's. */
    public record MergeCost(int tokens, int r, double mergeMs, double blockMs) {
        public double overhead() {
            return mergeMs / blockMs;
        }
    }

    /** Whole-forward median of one schedule. */
    public record Forward(Schedule schedule, int tokensAfterLastBlock, double ms) {}

    /** Merge steps run before timing one, enough for the JIT to compile the Java side of the merge. */
    static final int MERGE_JIT_WARMUP = 6000;

    private final VitModel model;
    private final int warmup;
    private final int runs;

    public ModelBenchmark(VitModel model, int warmup, int runs) {
        this.model = model;
        this.warmup = warmup;
        this.runs = runs;
    }

    /** Block 1 without merging at full token count, and the merge step alone (similarities, plan, weighted merge). */
    public MergeCost mergeCost(int r) {
        int t = model.config().tokens();
        int d = model.config().embedDim();
        int[] none = new int[model.config().depth()];
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState state = new TokenState(frame.randomNormal(new Shape(1, t, d)), frame.ones(new Shape(1, t, 1)));
            NDArray metric = frame.randomNormal(new Shape(1, t, model.config().headDim()));
            double block = Timings.medianMs(warmup, runs, () -> free(model.blocks(state, 0, 1, none), state));
            // The merge plan and weighted merge run in Java: time them JIT-compiled, as a runtime runs them after
            // its first few frames, not interpreted.
            double merge = Timings.medianMs(Math.max(warmup, MERGE_JIT_WARMUP), runs,
                    () -> free(TokenMergingAdapter.mergeWeighted(state, metric, r, model.config().prefixTokens()), state));
            return new MergeCost(t, r, merge, block);
        }
    }

    public List<Forward> forwards(List<Schedule> schedules) {
        List<Forward> out = new ArrayList<>();
        int s = model.config().imgSize();
        for (Schedule schedule : schedules) {
            int[] tokens = schedule.tokenCounts(model.config().patchTokens(), model.config().prefixTokens(), model.config().depth());
            try (NDManager frame = model.manager().newSubManager()) {
                NDArray pixels = frame.randomUniform(-1f, 1f, new Shape(1, 3, s, s));
                double ms = Timings.medianMs(warmup, runs, () -> model.forward(pixels, schedule).close());
                out.add(new Forward(schedule, tokens[tokens.length - 1], ms));
            }
        }
        return out;
    }

    /** Frees what one timed run produced, so repeated runs do not pile up native memory. */
    private static void free(TokenState produced, TokenState input) {
        if (produced.tokens() != input.tokens()) {
            produced.tokens().close();
        }
        if (produced.sizes() != input.sizes()) {
            produced.sizes().close();
        }
    }
}
