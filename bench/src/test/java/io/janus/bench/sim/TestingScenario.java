package io.janus.bench.sim;

import io.janus.plan.CandidateSplits;
import io.janus.plan.PayloadModel;
import io.janus.plan.SchedulerConfig;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.schedule.Schedule;
import io.janus.wire.TensorCodec;

/**
 * A two-block model small enough to check by hand. Edge block = 50 ms fixed + 10 ms/token, embed 10 ms, head 0;
 * cloud: everything free. Payload: the frame is {@code frameBytes}; tokens 10,000 B each.
 * Rates 0 and 0.5 (tokens entering blocks: α=0 [9, 9], α=0.5 [9, 5]); splits 0, 1, 2, 3.
 */
final class TestingScenario {

    static final ModelGeometry G = new ModelGeometry(2, 8, 1, 4);

    private TestingScenario() {
    }

    static Scenario scenario(double slaMs, double rttMs, long frameBytes) {
        LatencyProfile edge = LatencyProfile.synthetic(G, "edge", 10, 10, 50, 0);
        LatencyProfile cloud = LatencyProfile.synthetic(G, "cloud", 0, 0, 0, 0);
        SchedulerConfig config = new SchedulerConfig(0.5, 0.5, 0, CandidateSplits.all(2), null, 0);
        return new Scenario("testing", "hand-checked", edge, cloud, PayloadModel.of(TensorCodec.FP16,
                (s, tokens) -> s == 0 ? frameBytes : 10_000L * tokens),
                config, slaMs, rttMs, 10, Schedule.constant(2), Double.NaN);
    }
}
