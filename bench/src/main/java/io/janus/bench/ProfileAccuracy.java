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
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a latency profile predicts the edge and cloud compute the scheduler plans with: for each schedule the
 * forward runs on one frame with every stage timed, and at each split point the edge part (embed + blocks before the
 * split, merging as scheduled) and the cloud part (the remaining blocks + head) are compared with
 * {@link Choice#of}'s prediction from the profile. Times are the computing thread's CPU time, as the profile's.
 */
public final class ProfileAccuracy {

    /** Predicted and measured edge and cloud milliseconds at one schedule and split point. */
    public record Point(Schedule schedule, int split, double edgePredicted, double edgeMeasured,
                        double cloudPredicted, double cloudMeasured) {
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
     * Runs the whole forward under each schedule {@code runs} times (after {@code warmup}), timing every stage —
     * embed, each block with its merge, head — and compares, at each split point, the edge part (embed + blocks
     * before the split) and the cloud part (the remaining blocks + head) with {@link Choice#of}'s prediction. The
     * schedules take turns run by run, as the profiler's token counts do, so that a change of the machine's load
     * during the measurement shifts every schedule alike instead of one schedule's points.
     */
    public List<Point> measureAll(List<Schedule> schedules, int[] splits) {
        int depth = model.config().depth();
        List<int[]> removals = schedules.stream().map(model::removals).toList();
        double[][][] ms = new double[schedules.size()][depth + 2][runs];
        for (int run = -warmup; run < runs; run++) {
            for (int i = 0; i < schedules.size(); i++) {
                double[] stages = stageMs(removals.get(i));
                for (int stage = 0; run >= 0 && stage < stages.length; stage++) {
                    ms[i][stage][run] = stages[stage];
                }
            }
        }
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            double[] medians = new double[depth + 2];
            for (int stage = 0; stage < medians.length; stage++) {
                medians[stage] = Timings.median(ms[i][stage]);
            }
            out.addAll(points(schedules.get(i), medians, splits));
        }
        return out;
    }

    /** The edge and cloud parts of one schedule's stage medians at each split point, against the profile's prediction. */
    private List<Point> points(Schedule schedule, double[] stage, int[] splits) {
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
            out.add(new Point(schedule, split, predicted.edgeMs(), edge, predicted.cloudMs(), cloud));
        }
        return out;
    }

    /** CPU ms of each stage of one forward on a fresh random frame: [embed, block 1 … block L, head]. */
    private double[] stageMs(int[] removals) {
        int depth = model.config().depth();
        int s = model.config().imgSize();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] marks = new long[depth + 3];
        try (NDManager frame = model.manager().newSubManager()) {
            NDArray pixels = frame.randomUniform(-1f, 1f, new Shape(1, model.config().inChans(), s, s));
            marks[0] = cpu.getCurrentThreadCpuTime();
            TokenState x = model.embed(pixels);
            marks[1] = cpu.getCurrentThreadCpuTime();
            for (int l = 0; l < depth; l++) {
                x = model.blocks(x, l, l + 1, removals);
                marks[l + 2] = cpu.getCurrentThreadCpuTime();
            }
            model.head(x);
            marks[depth + 2] = cpu.getCurrentThreadCpuTime();
        }
        double[] ms = new double[depth + 2];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = (marks[i + 1] - marks[i]) / 1e6;
        }
        return ms;
    }

    /** Mean of |edge error| and |cloud error| over the points, as a fraction. */
    public static double meanAbsoluteError(List<Point> points) {
        return points.stream().mapToDouble(p -> (Math.abs(p.edgeError()) + Math.abs(p.cloudError())) / 2).average().orElse(Double.NaN);
    }

    /**
     * The same after the correction the runtime applies ({@link io.janus.plan.ProfileCalibration}: measured over
     * predicted compute of the frames it ran): each schedule's predictions times the median ratio of the whole forward,
     * measured over predicted, of the <em>other</em> schedules, so no point corrects itself. It takes out what one
     * factor can — the machine running faster or slower than while the profile was measured — and leaves the
     * profile's error from schedule to schedule and split to split, what the scheduler's choices rest on.
     */
    public static double calibratedMeanAbsoluteError(List<Point> points) {
        return points.stream().mapToDouble(p -> {
            double f = Timings.median(points.stream().filter(o -> !o.schedule().equals(p.schedule()))
                    .mapToDouble(o -> (o.edgeMeasured() + o.cloudMeasured()) / (o.edgePredicted() + o.cloudPredicted()))
                    .toArray());
            return (Math.abs(relative(f * p.edgePredicted(), p.edgeMeasured()))
                    + Math.abs(relative(f * p.cloudPredicted(), p.cloudMeasured()))) / 2;
        }).average().orElse(Double.NaN);
    }

    private static double relative(double predicted, double measured) {
        return measured == 0 ? 0 : (predicted - measured) / measured;
    }
}
