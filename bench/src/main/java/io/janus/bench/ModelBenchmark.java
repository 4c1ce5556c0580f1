package io.janus.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.janus.model.TokenMergingAdapter;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.profile.Timings;
import io.janus.schedule.Schedule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine speed: one merge step against its block at full token count, and the whole forward under several
 * schedules, at a given batch size. Every measured path runs first unmeasured (warm-up); the merge step, which is
 * Java code, runs until the JIT has compiled it. Each measurement stops early (after at least 3 runs) once its time
 * budget is spent, so ViT-L at batch 8 finishes in minutes.
 */
public final class ModelBenchmark {

    /**
     * Medians of one measurement: wall-clock time, and the CPU time of the measuring thread. With one intra-op
     * thread the engine computes on the calling thread, so the CPU time is the work itself, and holds on a machine
     * shared with other loads where the wall clock also counts waiting for a core.
     */
    public record Timing(double wallMs, double cpuMs) {}

    /** One merge step's time next to its block's. */
    public record MergeCost(int tokens, int r, int batch, Timing merge, Timing block) {
        public double overhead() {
            return merge.cpuMs() / block.cpuMs();
        }
    }

    /** Whole-forward median of one schedule. */
    public record Forward(Schedule schedule, int batch, int tokensAfterLastBlock, Timing time) {}

    /** Merge steps run before timing one, enough for the JIT to compile the Java side of the merge... */
    static final int MERGE_JIT_WARMUP = 6000;
    /** ...or this long, whichever comes first (C2 compiles the hot loops on stack well before, at large sizes). */
    static final double MERGE_JIT_WARMUP_SECONDS = 5;
    private static final int MIN_RUNS = 3;

    private final VitModel model;
    private final int warmup;
    private final int runs;
    private final double budgetSeconds;

    public ModelBenchmark(VitModel model, int warmup, int runs, double budgetSeconds) {
        this.model = model;
        this.warmup = warmup;
        this.runs = runs;
        this.budgetSeconds = budgetSeconds;
    }

    /** Block 1 without merging at full token count, and the merge step alone (similarities, plan, weighted merge). */
    public MergeCost mergeCost(int r, int batch) {
        int t = model.config().tokens();
        int d = model.config().embedDim();
        int[] none = new int[model.config().depth()];
        try (NDManager frame = model.manager().newSubManager()) {
            TokenState state = new TokenState(frame.randomNormal(new Shape(batch, t, d)), frame.ones(new Shape(batch, t, 1)));
            NDArray metric = frame.randomNormal(new Shape(batch, t, model.config().headDim()));
            Timing block = median(warmup, () -> free(model.blocks(state, 0, 1, none), state));
            Runnable merge = () -> free(TokenMergingAdapter.mergeWeighted(state, metric, r, model.config().prefixTokens()), state);
            warmUntilCompiled(merge);
            return new MergeCost(t, r, batch, median(0, merge), block);
        }
    }

    public List<Forward> forwards(List<Schedule> schedules, int batch) {
        List<Forward> out = new ArrayList<>();
        int s = model.config().imgSize();
        for (Schedule schedule : schedules) {
            int[] tokens = schedule.tokenCounts(model.config().patchTokens(), model.config().prefixTokens(), model.config().depth());
            try (NDManager frame = model.manager().newSubManager()) {
                NDArray pixels = frame.randomUniform(-1f, 1f, new Shape(batch, 3, s, s));
                Timing time = median(warmup, () -> model.forward(pixels, schedule).close());
                out.add(new Forward(schedule, batch, tokens[tokens.length - 1], time));
            }
        }
        return out;
    }

    private void warmUntilCompiled(Runnable action) {
        long end = System.nanoTime() + (long) (MERGE_JIT_WARMUP_SECONDS * 1e9);
        for (int i = 0; i < Math.max(warmup, MERGE_JIT_WARMUP) && (i < warmup || System.nanoTime() < end); i++) {
            action.run();
        }
    }

    /** Median of up to {@code runs} timed runs after {@code warm} untimed ones, stopping past the budget. */
    private Timing median(int warm, Runnable action) {
        for (int i = 0; i < warm; i++) {
            action.run();
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<double[]> ms = new ArrayList<>();
        long end = System.nanoTime() + (long) (budgetSeconds * 1e9);
        while (ms.size() < runs && (ms.size() < MIN_RUNS || System.nanoTime() < end)) {
            long start = System.nanoTime();
            long startCpu = cpu.getCurrentThreadCpuTime();
            action.run();
            ms.add(new double[] {(System.nanoTime() - start) / 1e6, (cpu.getCurrentThreadCpuTime() - startCpu) / 1e6});
        }
        return new Timing(Timings.median(ms.stream().mapToDouble(m -> m[0]).toArray()),
                Timings.median(ms.stream().mapToDouble(m -> m[1]).toArray()));
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
