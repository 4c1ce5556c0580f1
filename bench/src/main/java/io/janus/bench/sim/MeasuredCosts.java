package io.janus.bench.sim;

import io.janus.plan.Choice;
import io.janus.schedule.Schedule;
import java.util.Arrays;

/**
 * Compute times and round trips as a measured run had them: for a frame starting at t, the profiles' prediction
 * times the measured/predicted ratio of the run's frame nearest to t, on the edge and on the cloud apart, and the
 * round trip (the call less the bytes' time on the link and the cloud's own time) of the networked frame nearest to
 * t. A replay of the run's costs next to the replay of its trace: a machine whose frames spread ±20% around the
 * profile (a busy core, the other process computing, a GC) shows the simulator the same spread at the same moments.
 */
public final class MeasuredCosts implements Simulator.Costs {

    private final Scenario scenario;
    private final Series edge;
    private final Series cloud;
    private final Series rtt;

    private MeasuredCosts(Scenario scenario, Series edge, Series cloud, Series rtt) {
        this.scenario = scenario;
        this.edge = edge;
        this.cloud = cloud;
        this.rtt = rtt;
    }

    /** A value per measured frame (a ratio, or milliseconds), each stamped with when its frame started. */
    public record Series(double[] startS, double[] value) {

        public Series {
            if (startS.length != value.length) {
                throw new IllegalArgumentException(startS.length + " start times for " + value.length + " values");
            }
        }

        /** The value of the frame that started nearest to {@code t}; {@code none} without frames. */
        public double at(double t, double none) {
            if (value.length == 0) {
                return none;
            }
            int i = Arrays.binarySearch(startS, t);
            if (i >= 0) {
                return value[i];
            }
            int after = -i - 1;
            if (after == 0) {
                return value[0];
            }
            if (after == value.length) {
                return value[value.length - 1];
            }
            return t - startS[after - 1] <= startS[after] - t ? value[after - 1] : value[after];
        }

        public int size() {
            return value.length;
        }

        public double median() {
            if (value.length == 0) {
                return Double.NaN;
            }
            double[] sorted = value.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    /**
     * The run's ratios applied to {@code scenario}'s profiles, and its round trips: what a choice would have taken then.
     * A series without frames leaves the model's value (the profile's time, the simulator's RTT).
     */
    public static MeasuredCosts of(Scenario scenario, Series edge, Series cloud, Series rtt) {
        return new MeasuredCosts(scenario, edge, cloud, rtt);
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

    public Series rtt() {
        return rtt;
    }

    @Override
    public double edgeMs(Choice choice, double startS) {
        return truth(choice).edgeMs() * edge.at(startS, 1.0);
    }

    @Override
    public double cloudMs(Choice choice, double startS) {
        return truth(choice).cloudMs() * cloud.at(startS, 1.0);
    }

    @Override
    public double rttMs(double startS, double rttMs) {
        return rtt.at(startS, rttMs);
    }

    // The choice may come from a scheduler planning with a corrected profile: the truth is the scenario's profiles.
    private Choice truth(Choice choice) {
        return predicted(scenario, choice.schedule(), choice.splitPoint());
    }
}
