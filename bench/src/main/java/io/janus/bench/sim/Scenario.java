package io.janus.bench.sim;

import io.janus.plan.Choice;
import io.janus.plan.PayloadModel;
import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.schedule.Schedule;

/**
 * Everything a trace replay needs besides the trace: the model's edge and cloud latency profiles, the payload
 * model, the scheduler's configuration, the SLA and RTT, and the baselines' fixed token-merging schedule.
 *
 * @param name              as given to {@code --scenario}
 * @param description       one line: where the profiles and sizes come from
 * @param edge              edge latency profile
 * @param cloud             cloud latency profile
 * @param payload           bytes sent per split point (the frame at split 0)
 * @param config            the scheduler's knobs (rates, candidate splits, accuracy profile)
 * @param slaMs             latency budget per frame
 * @param rttMs             round-trip time when the trace does not name its technology
 * @param priorMbps         the bandwidth estimate before the first transfer
 * @param baselineSchedule  the schedule of device-only, cloud-only and mixed (ToMe's constant r)
 * @param baselineAccuracy  accuracy under {@code baselineSchedule}, NaN when unknown
 */
public record Scenario(
        String name,
        String description,
        LatencyProfile edge,
        LatencyProfile cloud,
        PayloadModel payload,
        SchedulerConfig config,
        double slaMs,
        double rttMs,
        double priorMbps,
        Schedule baselineSchedule,
        double baselineAccuracy) {

    public Scenario {
        if (!(slaMs > 0) || !(rttMs >= 0) || !(priorMbps > 0)) {
            throw new IllegalArgumentException("scenario " + name + ": need SLA > 0, RTT >= 0 and prior bandwidth > 0,"
                    + " got SLA " + slaMs + " ms, RTT " + rttMs + " ms, prior " + priorMbps + " Mbps");
        }
    }

    public ModelGeometry geometry() {
        return edge.geometry();
    }

    /** The runtime's scheduler for this scenario. */
    public Scheduler scheduler() {
        return new Scheduler(edge, cloud, config, payload);
    }

    /** A baseline's choice: the baseline schedule at {@code splitPoint}. */
    public Choice baseline(int splitPoint) {
        return Choice.of(baselineSchedule, baselineSchedule.decliningRate(), splitPoint, edge, cloud, payload,
                baselineAccuracy);
    }

    public Choice deviceOnly() {
        return baseline(geometry().depth() + 1);
    }

    public Choice cloudOnly() {
        return baseline(0);
    }

    public Scenario withSla(double ms) {
        return new Scenario(name, description, edge, cloud, payload, config, ms, rttMs, priorMbps, baselineSchedule,
                baselineAccuracy);
    }

    public Scenario withConfig(SchedulerConfig c) {
        return new Scenario(name, description, edge, cloud, payload, c, slaMs, rttMs, priorMbps, baselineSchedule,
                baselineAccuracy);
    }

    public Scenario withPrior(double mbps) {
        return new Scenario(name, description, edge, cloud, payload, config, slaMs, rttMs, mbps, baselineSchedule,
                baselineAccuracy);
    }

    public Scenario withEdge(LatencyProfile profile) {
        return new Scenario(name, description, profile, cloud, payload, config, slaMs, rttMs, priorMbps, baselineSchedule,
                baselineAccuracy);
    }

    public Scenario withRtt(double ms) {
        return new Scenario(name, description, edge, cloud, payload, config, slaMs, ms, priorMbps, baselineSchedule,
                baselineAccuracy);
    }
}
