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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import io.janus.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a latency profile predicts the edge and cloud compute the scheduler plans with: for each schedule and
 * split point, the edge part (embed + blocks before the split, merging as scheduled) and the cloud part (the
 * remaining blocks + head, from the edge's output) are run on one frame and timed, and compared with
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

    public Point measure(Schedule schedule, int split) {
        int depth = model.config().depth();
        int[] removals = model.removals(schedule);
        TokenPayloadModel payload = new TokenPayloadModel(TokenPayloadModel.Codec.FP32, model.config().embedDim(), 1);
        Choice predicted = Choice.of(schedule, 0, split, profile, profile, payload, 0);
        int s = model.config().imgSize();
        try (NDManager frame = model.manager().newSubManager()) {
            NDArray pixels = frame.randomUniform(-1f, 1f, new Shape(1, model.config().inChans(), s, s));
            TokenState atSplit = model.blocks(model.embed(pixels), 0, split, removals);
            double edge = cpuMedian(() -> {
                try (NDManager run = frame.newSubManager()) {
                    NDArray x = pixels.duplicate();
                    x.attach(run);
                    model.blocks(model.embed(x), 0, split, removals);
                }
            });
            double cloud = cpuMedian(() -> {
                try (NDManager run = frame.newSubManager()) {
                    TokenState in = new TokenState(atSplit.tokens().duplicate(), atSplit.sizes().duplicate());
                    in.tokens().attach(run);
                    in.sizes().attach(run);
                    model.head(model.blocks(in, split, depth, removals)).attach(run);
                }
            });
            return new Point(schedule, split, predicted.edgeMs(), edge, predicted.cloudMs(), cloud);
        }
    }

    public List<Point> measureAll(List<Schedule> schedules, int[] splits) {
        List<Point> out = new ArrayList<>();
        for (Schedule schedule : schedules) {
            for (int split : splits) {
                out.add(measure(schedule, split));
            }
        }
        return out;
    }

    /** Mean of |edge error| and |cloud error| over the points, as a fraction. */
    public static double meanAbsoluteError(List<Point> points) {
        return points.stream().mapToDouble(p -> (Math.abs(p.edgeError()) + Math.abs(p.cloudError())) / 2).average().orElse(Double.NaN);
    }

    private double cpuMedian(Runnable action) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = cpu.getCurrentThreadCpuTime();
            action.run();
            ms[i] = (cpu.getCurrentThreadCpuTime() - start) / 1e6;
        }
        return Timings.median(ms);
    }

    private static double relative(double predicted, double measured) {
        return measured == 0 ? 0 : (predicted - measured) / measured;
    }
}
