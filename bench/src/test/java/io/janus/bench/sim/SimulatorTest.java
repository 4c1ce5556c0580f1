package io.janus.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.plan.Choice;
import io.janus.trace.BandwidthTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private final Scenario scenario = TestingScenario.scenario(300, 20, 125_000);

    @Test
    void aTransferFlowsThroughEachBinAtThatBinsRate() {
        // 8 Mbps for 1 s, then 16 Mbps for 1 s. 1 Mbit frame (cloud-only, edge 0 ms).
        BandwidthTrace trace = TestingTraces.bins(1, 8, 16);
        Choice cloudOnly = scenario.cloudOnly();
        // Inside one bin: 1 Mbit at 8 Mbps = 125 ms.
        assertThat(Simulator.serviceMs(cloudOnly, 0.2, trace, 20).transferMs()).isCloseTo(125, within(1e-9));
        // Across the boundary: from 0.95 s, 0.4 Mbit by 1.0 s, then 0.6 Mbit at 16 Mbps = 37.5 ms: 87.5 ms.
        Simulator.Service s = Simulator.serviceMs(cloudOnly, 0.95, trace, 20);
        assertThat(s.transferMs()).isCloseTo(87.5, within(1e-9));
        assertThat(s.totalMs()).isCloseTo(87.5 + 20, within(1e-9));
        // Past the end the trace loops: from 1.99 s, 0.16 Mbit at 16 Mbps, then 0.84 Mbit at 8 Mbps = 115 ms.
        assertThat(Simulator.serviceMs(cloudOnly, 1.99, trace, 20).transferMs()).isCloseTo(115, within(1e-9));
    }

    @Test
    void aTransferWaitsOutABinWithoutBandwidth() {
        BandwidthTrace trace = TestingTraces.bins(1, 8, 0, 8);
        // From 0.9 s: 0.8 Mbit by 1 s, nothing until 2 s, then 0.2 Mbit in 25 ms.
        assertThat(Simulator.serviceMs(scenario.cloudOnly(), 0.9, trace, 20).transferMs())
                .isCloseTo(1125, within(1e-9));
    }

    @Test
    void deviceOnlyPaysNeitherTransferNorRtt() {
        Simulator.Service s = Simulator.serviceMs(scenario.deviceOnly(), 0, TestingTraces.bins(1, 8), 20);
        // const:2 on 8 patches: tokens entering the blocks 9, 7: embed 10 + (50 + 90) + (50 + 70).
        assertThat(s.totalMs()).isCloseTo(270, within(1e-9));
        assertThat(s.transferMs()).isZero();
        assertThat(s.rttMs()).isZero();
    }

    @Test
    void closedLoopStartsEachFrameWhenThePreviousIsDone() {
        Run run = new Simulator(TestingTraces.bins(1, 8, 8), 20, 10, 300)
                .closedLoop(Policies.deviceOnly(scenario));
        // 270 ms per frame over 2 s: frames start at 0, 0.27, … 1.89; 8 frames.
        assertThat(run.frames()).hasSize(8);
        assertThat(run.frames().get(7).startS()).isCloseTo(1.89, within(1e-9));
        assertThat(run.frames()).allSatisfy(f -> assertThat(f.waitMs()).isZero());
        Metrics m = Metrics.of("t", run);
        assertThat(m.throughputFps()).isCloseTo(8 / 2.16, within(1e-9));
        assertThat(m.violationRatio()).isZero();
    }

    @Test
    void closedLoopForADurationLoopsTheTraceAndStopsStartingFramesThere() {
        // A 2 s trace replayed for 3 s: device-only frames of 270 ms start at 0 … 2.97 s (12 frames).
        Run run = new Simulator(TestingTraces.bins(1, 8, 8), 20, 10, 300)
                .closedLoop(Policies.deviceOnly(scenario), 3);
        assertThat(run.frames()).hasSize(12);
        assertThat(run.frames().get(11).startS()).isCloseTo(2.97, within(1e-9));
        assertThat(Metrics.of("t", run).throughputFps()).isCloseTo(12 / 3.24, within(1e-9));
    }

    @Test
    void cameraFramesQueueBehindTheFrameInService() {
        // A frame every 200 ms for 1 s; each takes 270 ms on the device, so each waits 70 ms more than the last.
        Run run = new Simulator(TestingTraces.bins(1, 8), 20, 10, 300)
                .camera(Policies.deviceOnly(scenario), 5);
        assertThat(run.frames()).extracting(f -> Math.round(f.waitMs()))
                .containsExactly(0L, 70L, 140L, 210L, 280L);
        assertThat(run.frames()).extracting(f -> Math.round(f.latencyMs()))
                .containsExactly(270L, 340L, 410L, 480L, 550L);
        // 300 ms SLA: only the first is on time, although each alone would take 270 ms.
        assertThat(Metrics.of("t", run).violationRatio()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void theEstimatorLearnsTheRateOfEachTransfer() {
        // 4 Mbps throughout: each 1 Mbit frame takes 250 ms; mixed starts from the 10 Mbps prior.
        Run run = new Simulator(TestingTraces.bins(1, 4, 4), 20, 10, 300).closedLoop(Policies.cloudOnly(scenario));
        assertThat(run.frames().get(0).estimateMbps()).isEqualTo(10);
        assertThat(run.frames().get(1).estimateMbps()).isCloseTo(4, within(1e-9));
        assertThat(run.frames().get(0).service().totalMs()).isCloseTo(270, within(1e-9));
    }

    @Test
    void withTheRuntimesDeadlinesALateCallIsCutAtWhatIsLeftOfTheSlaAndTheDeviceFinishes() {
        // Cloud-only takes 145 ms (1 Mbit at 8 Mbps + 20 ms RTT), over a 120 ms SLA: the call is cut at 120 ms and the
        // device (270 ms) finishes.
        BandwidthTrace trace = TestingTraces.bins(1, 8, 8);
        Run run = new Simulator(trace, 20, 10, 120).withDeadlines((c, leftMs) -> scenario.deviceOnly())
                .closedLoop(Policies.cloudOnly(scenario), 1);
        Frame first = run.frames().get(0);
        assertThat(first.service().fellBack()).isTrue();
        assertThat(first.service().transferMs()).as("the time waited").isEqualTo(120);
        assertThat(first.latencyMs()).isCloseTo(120 + 270, within(1e-9));
        // The probe sent at the timeout (12 KiB at 8 Mbps) answered before the next frame: the estimate is the link's.
        assertThat(run.frames().get(1).estimateMbps()).isCloseTo(8, within(1e-6));
        Run waited = new Simulator(trace, 20, 10, 120).closedLoop(Policies.cloudOnly(scenario), 1);
        assertThat(waited.frames().get(0).latencyMs()).as("without deadlines the call is waited for").isCloseTo(145, within(1e-9));
    }

    @Test
    void withTheRuntimesDeadlinesThreeFailedCallsOpenTheBreakerUntilAProbeAnswers() {
        // 8 Mbps, 2 s without a link, 8 Mbps again; cloud-only takes 145 ms, the device 270 ms, SLA 300 ms.
        BandwidthTrace trace = TestingTraces.bins(1, 8, 0, 0, 8, 8);
        Run run = new Simulator(trace, 20, 10, 300).withDeadlines((c, leftMs) -> scenario.deviceOnly())
                .closedLoop(Policies.cloudOnly(scenario), 5);
        List<Frame> timedOut = run.frames().stream().filter(f -> f.choice().usesNetwork() && f.service().fellBack()).toList();
        assertThat(timedOut).as("calls cut at their deadline before the breaker opens").hasSize(3);
        assertThat(timedOut).allSatisfy(f -> assertThat(f.service().transferMs()).isEqualTo(300));
        Frame third = timedOut.get(2);
        List<Frame> open = run.frames().stream().filter(f -> f.index() > third.index() && !f.choice().usesNetwork()).toList();
        assertThat(open).as("frames the breaker keeps on the device").isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.service().fellBack()).isTrue();
                    assertThat(f.service().deviceMs()).isCloseTo(270, within(1e-9));
                    assertThat(f.service().transferMs()).isZero();
                });
        // The breaker's first probe leaves 0.5 s after it opened (1.315 + 2 × 0.57 s), waits out the outage to 3 s and
        // answers at about 3.05 s: the first frame after that goes to the cloud again, and every later one does.
        Frame back = run.frames().get(open.get(open.size() - 1).index() + 1);
        assertThat(back.startS()).isBetween(3.05, 3.35);
        assertThat(run.frames().stream().filter(f -> f.index() >= back.index()))
                .allSatisfy(f -> assertThat(f.service().fellBack()).isFalse());
        assertThat(back.estimateMbps()).as("the probe's sample").isCloseTo(8, within(0.5));
    }

    @Test
    void aBreakerProbeThatTimedOutIsFollowedAtOnceAsTheRuntimes() {
        // As above with 3 s without a link: the first probe (2.955 s) times out at 3.955 s and the next leaves then,
        // not an interval later, so it answers soon after the link is back at 4 s.
        BandwidthTrace trace = TestingTraces.bins(1, 8, 0, 0, 0, 8, 8);
        Run run = new Simulator(trace, 20, 10, 300).withDeadlines((c, leftMs) -> scenario.deviceOnly())
                .closedLoop(Policies.cloudOnly(scenario), 6);
        Frame back = run.frames().stream().filter(f -> f.startS() > 2.5 && f.choice().usesNetwork()).findFirst().orElseThrow();
        assertThat(back.startS()).isBetween(4.0, 4.35);
        assertThat(back.service().fellBack()).isFalse();
    }
}
