package io.janus.profile;

import io.janus.model.ModelDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How long each stage of one model takes on one device: the embed stage, each block as a linear function
 * of the tokens entering it (latency = a·tokens + b), and the head. A block that merges runs its attention on the
 * tokens entering it, then ToMe's merge step, then its MLP on the tokens the merge leaves: the profile prices that
 * with each block's MLP stage line and the merge step's line (profiles measured before those were recorded price a
 * merging block by its input tokens alone). The JSON form is documented in docs/scheduler.md and read and written by
 * {@link Profiles}.
 *
 * @param format      file format version, {@link #FORMAT}
 * @param model       which model was measured (digest and geometry)
 * @param device      free-text description of the device (CPU/GPU, OS, runtime)
 * @param threads     compute threads the engine used while measuring
 * @param measuredAt  ISO-8601 instant of the measurement
 * @param emulation   null for a measured profile; set when the profile was scaled to emulate another device
 * @param method      how the samples were taken
 * @param embedMs     patch embedding + class token + position embedding, milliseconds
 * @param headMs      final norm + classifier, milliseconds
 * @param blocks      one entry per block, in order
 * @param merge       ToMe's merge step by the tokens entering it; null in profiles measured without it
 */
public record LatencyProfile(
        int format,
        ProfiledModel model,
        String device,
        int threads,
        String measuredAt,
        Emulation emulation,
        Method method,
        double embedMs,
        double headMs,
        List<BlockLatency> blocks,
        Line merge) {

    public static final int FORMAT = 1;

    /** The measured model: its weights' digest and geometry. */
    public record ProfiledModel(ModelDigest digest, ModelGeometry geometry) {
        public ProfiledModel {
            Objects.requireNonNull(digest, "model.digest");
            Objects.requireNonNull(geometry, "model.geometry");
        }

        public ProfiledModel(String digest, ModelGeometry geometry) {
            this(ModelDigest.of(digest), geometry);
        }
    }

    /** A profile derived from a measured one by scaling every time, to emulate a slower (or faster) device. */
    public record Emulation(double scale, String note) {
        public Emulation {
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("emulation.scale must be a positive number, got " + scale);
            }
        }
    }

    /** Sampling method: warm-up runs discarded, then the median of {@code runs} timed runs per point. */
    public record Method(int warmup, int runs) {
    }

    /**
     * One block's latency model.
     *
     * @param block    block index, 0-based
     * @param a        milliseconds per token
     * @param b        fixed milliseconds per call
     * @param r2       R² of the fit over {@code samples}
     * @param samples  the measured points (tokens entering the block → median milliseconds), without merging
     * @param mlp      the block's stage after its merge (norm, MLP, residual) by its tokens; null in profiles
     *                 measured without it
     */
    public record BlockLatency(int block, double a, double b, double r2, List<Sample> samples, Line mlp) {
        public BlockLatency {
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("block " + block + ": a and b must be finite, got a=" + a + " b=" + b);
            }
            samples = samples == null ? List.of() : List.copyOf(samples);
        }

        public BlockLatency(int block, double a, double b, double r2, List<Sample> samples) {
            this(block, a, b, r2, samples, null);
        }

        /**
         * Predicted milliseconds for {@code tokens} tokens entering the block without merging; never negative, and
         * never below the fewest tokens measured (see {@link #atLeastMeasured}).
         */
        public double ms(int tokens) {
            return Math.max(0.0, a * atLeastMeasured(tokens, samples) + b);
        }

        BlockLatency scaled(double factor) {
            return new BlockLatency(block, a * factor, b * factor, r2, scaledSamples(samples, factor),
                    mlp == null ? null : mlp.scaled(factor));
        }
    }

    /** A stage's latency as a line fitted through measured points: ms = a·tokens + b. */
    public record Line(double a, double b, double r2, List<Sample> samples) {
        public Line {
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("a and b must be finite, got a=" + a + " b=" + b);
            }
            samples = samples == null ? List.of() : List.copyOf(samples);
        }

        static Line fit(int[] tokens, double[] ms) {
            double[] x = new double[tokens.length];
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < tokens.length; i++) {
                x[i] = tokens[i];
                samples.add(new Sample(tokens[i], ms[i]));
            }
            LinearFit fit = LinearFit.of(x, ms);
            return new Line(fit.a(), fit.b(), fit.r2(), samples);
        }

        /** Predicted milliseconds, the tokens floored at the fewest measured (see {@link #atLeastMeasured}). */
        public double ms(int tokens) {
            return a * atLeastMeasured(tokens, samples) + b;
        }

        Line scaled(double factor) {
            return new Line(a * factor, b * factor, r2, scaledSamples(samples, factor));
        }
    }

    /** A measured point. */
    public record Sample(int tokens, double ms) {
    }

    public LatencyProfile {
        if (format != FORMAT) {
            throw new IllegalArgumentException("profile format " + format + " is not supported (expected " + FORMAT + ")");
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(blocks, "blocks");
        if (blocks.size() != model.geometry().depth()) {
            throw new IllegalArgumentException("profile has " + blocks.size() + " blocks but model depth is "
                    + model.geometry().depth());
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).block() != i) {
                throw new IllegalArgumentException("profile block entry " + i + " is labelled block " + blocks.get(i).block());
            }
        }
        if (!(embedMs >= 0) || !(headMs >= 0) || Double.isInfinite(embedMs) || Double.isInfinite(headMs)) {
            throw new IllegalArgumentException("embedMs and headMs must be finite and >= 0, got " + embedMs + ", " + headMs);
        }
        blocks = List.copyOf(blocks);
    }

    /** A profile without the merge step's line (measured before it was recorded, or synthetic). */
    public LatencyProfile(int format, ProfiledModel model, String device, int threads, String measuredAt,
            Emulation emulation, Method method, double embedMs, double headMs, List<BlockLatency> blocks) {
        this(format, model, device, threads, measuredAt, emulation, method, embedMs, headMs, blocks, null);
    }

    /**
     * A synthetic profile (not measured): every block costs {@code a·tokens + b} ms. For benchmarks and tests;
     * the device description says so.
     */
    public static LatencyProfile synthetic(ModelGeometry g, String device, double embedMs, double a, double b,
            double headMs) {
        List<BlockLatency> blocks = new ArrayList<>();
        for (int l = 0; l < g.depth(); l++) {
            blocks.add(new BlockLatency(l, a, b, 1.0, List.of()));
        }
        return new LatencyProfile(FORMAT, new ProfiledModel("synthetic", g), "synthetic: " + device, 1,
                "1970-01-01T00:00:00Z", null, new Method(0, 0), embedMs, headMs, blocks);
    }

    public ModelGeometry geometry() {
        return model.geometry();
    }

    /**
     * Predicted milliseconds of block {@code block} (0-based) with {@code tokensIn} tokens entering it and
     * {@code tokensOut} leaving it: when it merges, its MLP stage runs on the tokens left and the merge step is paid.
     */
    public double blockMs(int block, int tokensIn, int tokensOut) {
        BlockLatency b = blocks.get(block);
        if (tokensOut >= tokensIn || b.mlp() == null || merge == null) {
            return b.ms(tokensIn);
        }
        return Math.max(0.0, b.ms(tokensIn) - b.mlp().ms(tokensIn) + b.mlp().ms(tokensOut) + merge.ms(tokensIn));
    }

    /**
     * {@code tokens}, or the fewest tokens among the samples when it is fewer: below the measured range a block does
     * not keep getting faster along its line but is bound by reading its weights (ViT-B/16: 6.4 ms at 11 tokens, 6.7–6.9
     * ms at 3, against 4.4 ms on the line), so a prediction never extrapolates below what was measured.
     */
    static int atLeastMeasured(int tokens, List<Sample> samples) {
        int fewest = Integer.MAX_VALUE;
        for (Sample s : samples) {
            fewest = Math.min(fewest, s.tokens());
        }
        return samples.isEmpty() ? tokens : Math.max(tokens, fewest);
    }

    /**
     * This profile with every time multiplied by {@code factor}, labelled as an emulation: for example a
     * laptop's profile × 8 stands in for a Jetson-class device.
     */
    public LatencyProfile scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("profile scale factor must be a positive number, got " + factor);
        }
        double total = emulation == null ? factor : emulation.scale() * factor;
        String note = String.format(Locale.ROOT, "times × %s of the profile measured on: %s", trim(total), device);
        return new LatencyProfile(format, model, device, threads, measuredAt, new Emulation(total, note), method,
                embedMs * factor, headMs * factor, scaledBlocks(factor), scaledMerge(factor));
    }

    /**
     * This measured profile at the pace a CPU quota of {@code quotaCores} allows: when the quota is below the
     * threads it was measured with, a frame's work (longer than the quota's share of a period) is throttled to
     * {@code quotaCores / threads} of the measured speed, so every time is multiplied by {@code threads / quotaCores}.
     * The device description says so; the profile is still a measurement, not an emulation.
     */
    public LatencyProfile underCpuQuota(double quotaCores) {
        if (!(quotaCores > 0) || Double.isInfinite(quotaCores)) {
            throw new IllegalArgumentException("CPU quota must be a positive number of cores, got " + quotaCores);
        }
        if (quotaCores >= threads) {
            return this;
        }
        double factor = threads / quotaCores;
        String throttled = String.format(Locale.ROOT, "%s, under a CPU quota of %s cores (times × %s)", device,
                trim(quotaCores), trim(factor));
        return new LatencyProfile(format, model, throttled, threads, measuredAt, emulation, method, embedMs * factor,
                headMs * factor, scaledBlocks(factor), scaledMerge(factor));
    }

    private List<BlockLatency> scaledBlocks(double factor) {
        return blocks.stream().map(b -> b.scaled(factor)).toList();
    }

    private Line scaledMerge(double factor) {
        return merge == null ? null : merge.scaled(factor);
    }

    private static List<Sample> scaledSamples(List<Sample> samples, double factor) {
        return samples.stream().map(s -> new Sample(s.tokens(), s.ms() * factor)).toList();
    }

    /** One line for logs and the plan command. */
    public String summary() {
        String kind = emulation == null ? "measured" : "emulated (" + emulation.note() + ")";
        return String.format(Locale.ROOT, "%s, %d threads, %s %s", device, threads, kind, measuredAt);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
