package io.janus.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.plan.Choice;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.LinkEstimate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuredCostsTest {

    private final Scenario scenario = TestingScenario.scenario(300, 20, 125_000);

    @Test
    void aFrameTakesTheRatioOfTheMeasuredFrameNearestInTime() {
        MeasuredCosts.Series s = new MeasuredCosts.Series(new double[] {0.0, 1.0, 2.0}, new double[] {1.0, 2.0, 3.0});
        assertThat(s.at(-1, 0)).isEqualTo(1.0);
        assertThat(s.at(1.0, 0)).isEqualTo(2.0);
        assertThat(s.at(1.4, 0)).isEqualTo(2.0);
        assertThat(s.at(1.6, 0)).isEqualTo(3.0);
        assertThat(s.at(9, 0)).isEqualTo(3.0);
        assertThat(s.median()).isEqualTo(2.0);
        assertThat(new MeasuredCosts.Series(new double[0], new double[0]).at(5, 1.0)).as("no frames: the model's").isEqualTo(1.0);
    }

    @Test
    void theReplayRunsTheProfilesTimesTheRatiosAndTellsThePolicyWhatTheEdgeTook() {
        // Device-only frames of 270 ms by the profile; the run measured them 2x slower in its first second, 1x after.
        MeasuredCosts compute = MeasuredCosts.of(scenario,
                new MeasuredCosts.Series(new double[] {0.0, 0.5, 1.5}, new double[] {2.0, 2.0, 1.0}),
                new MeasuredCosts.Series(new double[0], new double[0]), new MeasuredCosts.Series(new double[0], new double[0]));
        List<Double> told = new ArrayList<>();
        Decision deviceOnly = Decision.of(scenario.deviceOnly(), scenario.payload().codec(), 10, 20, 300);
        Decider learning = new Decider() {
            @Override
            public Decision decide(LinkEstimate link) {
                return deviceOnly;
            }

            @Override
            public void edgeMeasured(Decision run, double measuredMs) {
                assertThat(run).isSameAs(deviceOnly);
                told.add(measuredMs);
            }
        };
        Run run = new Simulator(TestingTraces.bins(1, 8, 8), 20, 10, 300).withCosts(compute)
                .closedLoop(new Policy("learning", learning), 2);
        assertThat(run.frames()).extracting(f -> f.service().edgeMs()).startsWith(540.0, 540.0, 270.0);
        assertThat(told).startsWith(540.0, 540.0, 270.0).hasSize(run.frames().size());
        Choice c = run.frames().get(0).choice();
        assertThat(compute.edgeMs(c, 0)).isCloseTo(2 * c.edgeMs(), within(1e-9));
    }

    @Test
    void aNetworkedFramePaysTheRoundTripMeasuredNearestInTimeAndTheEstimatorLearnsIt() {
        // Cloud-only frames (1 Mbit at 8 Mbps = 125 ms, cloud 145 ms by the profile); round trips of 80 ms measured.
        MeasuredCosts costs = MeasuredCosts.of(scenario, new MeasuredCosts.Series(new double[0], new double[0]),
                new MeasuredCosts.Series(new double[0], new double[0]),
                new MeasuredCosts.Series(new double[] {0.0}, new double[] {80.0}));
        Run run = new Simulator(TestingTraces.bins(1, 8, 8), 20, 10, 300).withCosts(costs)
                .closedLoop(Policies.cloudOnly(scenario), 1);
        assertThat(run.frames()).allSatisfy(f -> assertThat(f.service().rttMs()).isEqualTo(80.0));
        Run modelled = new Simulator(TestingTraces.bins(1, 8, 8), 20, 10, 300).closedLoop(Policies.cloudOnly(scenario), 1);
        assertThat(modelled.frames().get(0).service().rttMs()).isEqualTo(20.0);
        assertThat(run.frames().get(0).service().totalMs() - modelled.frames().get(0).service().totalMs())
                .isCloseTo(60, within(1e-9));
    }
}
