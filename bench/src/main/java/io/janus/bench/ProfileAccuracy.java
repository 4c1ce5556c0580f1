package io.janus.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.plan.Choice;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Timings;
import io.janus.wire.TensorCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import io.janus.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a latency profile predicts the edge and cloud compute the scheduler plans with: for each schedule the
 * forward runs on one frame with every stage timed, and at each split point the edge part (embed + blocks before the
 * split, merging as scheduled) and the cloud part (the remaining blocks + head) are compared with
 * {@link Choice#of}'s prediction from the profile. Times are the computing thread's CPU time, as the profile's.
 */
public final class ProfileAccuracy {

    /**
     * Predicted and measured edge and cloud milliseconds at one schedule and split point; {@code edgeSplitMlp} and
     * {@code cloudSplitMlp} are the prediction with each merging block's MLP (2/3 of its per-token work at
     * mlp_ratio 4) counted at the block's output token count instead of its input, a candidate for the scheduler.
     */
    public record Point(Schedule schedule, int split, double edgePredicted, double edgeMeasured,
                        double cloudPredicted, double cloudMeasured, double edgeSplitMlp, double cloudSplitMlp) {
        public double edgeError() {
            return relative(edgePredicted, edgeMeasured);
        }

        public double cloudError() {
            return relative(cloudPredicted, cloudMeasured);
        }
    }

    private final VitModel model;
    private final LatencyProfile profile;
    private final int warmup;
    private final int runs;

    public ProfileAccuracy(VitModel model, LatencyProfile profile, int warmup, int runs) {
        this.model = model;
        this.profile = profile;
        this.warmup = warmup;
        this.runs = runs;
    }

    /**
     * Runs the whole forward under {@code schedule} {@code runs} times (after {@code warmup}), timing every stage —
     * embed, each block with its merge, head — and compares, at each split point, the edge part (embed + blocks
     * before the split) and the cloud part (the remaining blocks + head) with {@link Choice#of}'s prediction.
     */
    public List<Point> measure(Schedule schedule, int[] splits) {
        int depth = model.config().depth();
        double[] stage = stageMedians(model.removals(schedule));
        TokenPayloadModel payload = new TokenPayloadModel(TensorCodec.FP32, model.config().embedDim(), 1);
        List<Point> out = new ArrayList<>();
        for (int split : splits) {
            Choice predicted = Choice.of(schedule, 0, split, profile, profile, payload, 0);
            double edge = 0;
            double cloud = 0;
            for (int i = 0; i < stage.length; i++) {
                // stage 0 = embed, 1..depth = blocks, depth + 1 = head
                if (i <= split) {
                    edge += stage[i];
                } else {
                    cloud += stage[i];
                }
            }
            double[] splitMlp = splitMlpPrediction(schedule, split);
            out.add(new Point(schedule, split, predicted.edgeMs(), edge, predicted.cloudMs(), cloud, splitMlp[0], splitMlp[1]));
        }
        return out;
    }

    /** Edge and cloud ms when each block's MLP share runs at the block's output token count. */
    private double[] splitMlpPrediction(Schedule schedule, int split) {
        int depth = model.config().depth();
        int[] t = schedule.tokenCounts(model.config().patchTokens(), model.config().prefixTokens(), depth);
        double edge = profile.embedMs();
        double cloud = profile.headMs();
        for (int l = 0; l < depth; l++) {
            double ms = profile.blockMs(l, t[l]) / 3 + 2 * profile.blockMs(l, t[l + 1]) / 3;
            if (l < split) {
                edge += ms;
            } else {
                cloud += ms;
            }
        }
        return new double[] {edge, cloud};
    }

    /** Median CPU ms of each stage over the runs: [embed, block 1 … block L, head]. */
    private double[] stageMedians(int[] removals) {
        int depth = model.config().depth();
        int s = model.config().imgSize();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[][] ms = new double[depth + 2][runs];
        for (int run = -warmup; run < runs; run++) {
            try (NDManager frame = model.manager().newSubManager()) {
                NDArray pixels = frame.randomUniform(-1f, 1f, new Shape(1, model.config().inChans(), s, s));
                long start = cpu.getCurrentThreadCpuTime();
                TokenState x = model.embed(pixels);
                long[] marks = new long[depth + 3];
                marks[0] = start;
                marks[1] = cpu.getCurrentThreadCpuTime();
                for (int l = 0; l < depth; l++) {
                    x = model.blocks(x, l, l + 1, removals);
                    marks[l + 2] = cpu.getCurrentThreadCpuTime();
                }
                model.head(x);
                marks[depth + 2] = cpu.getCurrentThreadCpuTime();
                for (int i = 0; run >= 0 && i < depth + 2; i++) {
                    ms[i][run] = (marks[i + 1] - marks[i]) / 1e6;
                }
            }
        }
        double[] out = new double[depth + 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Timings.median(ms[i]);
        }
        return out;
    }

    public List<Point> measureAll(List<Schedule> schedules, int[] splits) {
        List<Point> out = new ArrayList<>();
        for (Schedule schedule : schedules) {
            out.addAll(measure(schedule, splits));
        }
        return out;
    }

    /** Mean of |edge error| and |cloud error| over the points, as a fraction. */
    public static double meanAbsoluteError(List<Point> points) {
        return points.stream().mapToDouble(p -> (Math.abs(p.edgeError()) + Math.abs(p.cloudError())) / 2).average().orElse(Double.NaN);
    }

    /** The same for the split-MLP prediction. */
    public static double meanAbsoluteErrorSplitMlp(List<Point> points) {
        return points.stream().mapToDouble(p -> (Math.abs(relative(p.edgeSplitMlp(), p.edgeMeasured()))
                + Math.abs(relative(p.cloudSplitMlp(), p.cloudMeasured()))) / 2).average().orElse(Double.NaN);
    }

    private static double relative(double predicted, double measured) {
        return measured == 0 ? 0 : (predicted - measured) / measured;
    }
}
