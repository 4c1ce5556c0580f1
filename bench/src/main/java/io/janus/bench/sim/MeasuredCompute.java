package io.janus.bench.sim;

import io.janus.plan.Choice;
import io.janus.schedule.Schedule;
import java.util.Arrays;

/**
 * Compute times as a measured run had them: for a frame starting at t, the profiles' prediction times the
 * measured/predicted ratio of the run's frame nearest to t, on the edge and on the cloud apart. A replay of the
 * run's compute next to the replay of its trace: a machine whose frames spread ±20% around the profile (a busy
 * core, the other process computing, a GC) then shows the simulator the same spread at the same moments.
 */
public final class MeasuredCompute implements Simulator.Compute {

    private final Scenario scenario;
    private final Series edge;
    private final Series cloud;

    private MeasuredCompute(Scenario scenario, Series edge, Series cloud) {
        this.scenario = scenario;
        this.edge = edge;
        this.cloud = cloud;
    }

    /** Ratios of measured over predicted compute, each stamped with when its frame started. */
    public record Series(double[] startS, double[] ratio) {

        public Series {
            if (startS.length != ratio.length) {
                throw new IllegalArgumentException(startS.length + " start times for " + ratio.length + " ratios");
            }
        }

        /** The ratio of the frame that started nearest to {@code t}; 1 without frames. */
        double at(double t) {
            if (ratio.length == 0) {
                return 1.0;
            }
            int i = Arrays.binarySearch(startS, t);
            if (i >= 0) {
                return ratio[i];
            }
            int after = -i - 1;
            if (after == 0) {
                return ratio[0];
            }
            if (after == ratio.length) {
                return ratio[ratio.length - 1];
            }
            return t - startS[after - 1] <= startS[after] - t ? ratio[after - 1] : ratio[after];
        }

        public int size() {
            return ratio.length;
        }

        public double median() {
            if (ratio.length == 0) {
                return Double.NaN;
            }
            double[] sorted = ratio.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    /** The run's ratios applied to {@code scenario}'s profiles: what a choice would have taken then. */
    public static MeasuredCompute of(Scenario scenario, Series edge, Series cloud) {
        return new MeasuredCompute(scenario, edge, cloud);
    }

    /**
     * The predicted compute of a frame run as {@code schedule} at {@code splitPoint} on {@code scenario}'s profiles,
     * the denominator of a measured ratio.
     */
    public static Choice predicted(Scenario scenario, Schedule schedule, int splitPoint) {
        return Choice.of(schedule, schedule.decliningRate(), splitPoint, scenario.edge(), scenario.cloud(),
                scenario.payload(), Double.NaN);
    }

    public Series edge() {
        return edge;
    }

    public Series cloud() {
        return cloud;
    }

    @Override
    public double edgeMs(Choice choice, double startS) {
        return truth(choice).edgeMs() * edge.at(startS);
    }

    @Override
    public double cloudMs(Choice choice, double startS) {
        return truth(choice).cloudMs() * cloud.at(startS);
    }

    // The choice may come from a scheduler planning with a corrected profile: the truth is the scenario's profiles.
    private Choice truth(Choice choice) {
        return predicted(scenario, choice.schedule(), choice.splitPoint());
    }
}
