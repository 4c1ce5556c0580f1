package io.janus.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Choice;
import io.janus.plan.LinkEstimate;
import io.janus.plan.Mode;
import io.janus.plan.Scheduler;
import io.janus.trace.BandwidthTrace;
import org.junit.jupiter.api.Test;

/**
 * The testing scenario with a 4 Mbit frame, SLA 200 ms, RTT 20 ms. Predicted latencies at B Mbps (cloud free):
 * α=0: split 0 = 4000/B + 20, split 1 = 170 + 720/B, split 2 = 310 + 720/B, device-only 290;
 * α=0.5: split 1 = 170 + 400/B, split 2 = 270 + 240/B, device-only 250. Baselines (ToMe r=2): device-only
 * 270, cloud-only 4000/B + 20.
 */
class PoliciesTest {

    private final Scenario scenario = TestingScenario.scenario(200, 20, 500_000);
    private final Scheduler scheduler = scenario.scheduler();

    @Test
    void baselinesRunTomesConstantScheduleAtTheirFixedSplit() {
        Choice device = choose(Policies.deviceOnly(scenario), 0, 1, 200);
        Choice cloud = choose(Policies.cloudOnly(scenario), 0, 1000, 200);
        assertThat(device.mode()).isEqualTo(Mode.DEVICE_ONLY);
        assertThat(device.schedule()).hasToString("const:2");
        assertThat(device.edgeMs()).isEqualTo(270);
        assertThat(cloud.mode()).isEqualTo(Mode.CLOUD_ONLY);
        assertThat(cloud.payloadBytes()).isEqualTo(500_000);
    }

    @Test
    void mixedPicksWhicheverTheEstimatePredictsFaster() {
        Policy mixed = Policies.mixed(scenario);
        // 40 Mbps: cloud 120 ms < device 270 ms; 10 Mbps: cloud 420 ms > 270 ms.
        assertThat(choose(mixed, 0, 40, 200).mode()).isEqualTo(Mode.CLOUD_ONLY);
        assertThat(choose(mixed, 0, 10, 200).mode()).isEqualTo(Mode.DEVICE_ONLY);
    }

    @Test
    void janusIsTheRuntimesSchedulerOnTheEstimate() {
        Policy janus = Policies.janus(scheduler);
        // 40 Mbps: α=0 cloud-only, 120 ms, meets the SLA.
        assertThat(pair(choose(janus, 0, 40, 200))).isEqualTo("0.0/0");
        // 16 Mbps: α=0's best is split 1 at 215 ms (missed); α=0.5 split 1 at 195 ms meets it.
        assertThat(pair(choose(janus, 0, 16, 200))).isEqualTo("0.5/1");
        // 2 Mbps: nothing meets 200 ms; the fastest overall is α=0.5 device-only, 250 ms.
        assertThat(pair(choose(janus, 0, 2, 200))).isEqualTo("0.5/3");
        // The budget left after queueing does not change janus's decision: the paper's algorithm uses the SLA.
        assertThat(pair(choose(janus, 0, 40, 10))).isEqualTo("0.0/0");
    }

    @Test
    void theOracleReplaysEachChoicesTransferThroughTheTrace() {
        // 40 Mbps during the first second, 16 Mbps during the second; the estimate says 40 Mbps throughout.
        BandwidthTrace trace = TestingTraces.bins(1, 40, 16);
        Policy oracle = Policies.oracle(scheduler, trace, 20);
        Policy janus = Policies.janus(scheduler);
        // At 0.9 s the frame's 4 Mbit fit in the last 0.1 s at 40 Mbps: cloud-only at α=0, 120 ms.
        assertThat(pair(choose(oracle, 0.9, 40, 200))).isEqualTo("0.0/0");
        // At 1.5 s the link is at 16 Mbps: janus, trusting its estimate, sends the frame (270 ms, late); the
        // oracle merges at α=0.5 and splits after block 1 (150 + 25 + 20 = 195 ms).
        assertThat(pair(choose(janus, 1.5, 40, 200))).isEqualTo("0.0/0");
        assertThat(pair(choose(oracle, 1.5, 40, 200))).isEqualTo("0.5/1");
        assertThat(Simulator.serviceMs(choose(oracle, 1.5, 40, 200), 1.5, trace, 20).totalMs())
                .isCloseTo(195, within(1e-9));
    }

    @Test
    void theOracleUsesTheBudgetLeftAfterQueueing() {
        BandwidthTrace trace = TestingTraces.bins(1, 16);
        Policy oracle = Policies.oracle(scheduler, trace, 20);
        // With 200 ms left only α=0.5 split 1 (195 ms) fits.
        assertThat(pair(choose(oracle, 0, 16, 200))).isEqualTo("0.5/1");
        // With 1000 ms left the most accurate rate fits: α=0's best split, split 1 at 215 ms.
        assertThat(pair(choose(oracle, 0, 16, 1000))).isEqualTo("0.0/1");
    }

    @Test
    void aFrameThatQueuedPastItsSlaGetsTheOraclesFastestChoice() {
        BandwidthTrace trace = TestingTraces.bins(1, 2);
        Policy oracle = Policies.oracle(scheduler, trace, 20);
        // Nothing is left of the budget (a camera's queue): the fastest choice, α=0.5 device-only (250 ms), not an error.
        assertThat(pair(choose(oracle, 0, 2, -5))).isEqualTo("0.5/3");
        assertThat(pair(choose(oracle, 0, 2, 0))).isEqualTo("0.5/3");
    }

    /** The policy's choice for a frame at {@code startSeconds} on an estimate of {@code mbps} (RTT 20 ms, SLA 200 ms). */
    private static Choice choose(Policy policy, double startSeconds, double mbps, double budgetMs) {
        policy.frameStarts().at(startSeconds, budgetMs);
        return policy.decider().decide(LinkEstimate.of(new BandwidthEstimator(5, mbps, 20), 200)).choice();
    }

    private static String pair(Choice c) {
        return c.alpha() + "/" + c.splitPoint();
    }
}
