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

class MeasuredComputeTest {

    private final Scenario scenario = TestingScenario.scenario(300, 20, 125_000);

    @Test
    void aFrameTakesTheRatioOfTheMeasuredFrameNearestInTime() {
        MeasuredCompute.Series s = new MeasuredCompute.Series(new double[] {0.0, 1.0, 2.0}, new double[] {1.0, 2.0, 3.0});
        assertThat(s.at(-1)).isEqualTo(1.0);
        assertThat(s.at(1.0)).isEqualTo(2.0);
        assertThat(s.at(1.4)).isEqualTo(2.0);
        assertThat(s.at(1.6)).isEqualTo(3.0);
        assertThat(s.at(9)).isEqualTo(3.0);
        assertThat(s.median()).isEqualTo(2.0);
        assertThat(new MeasuredCompute.Series(new double[0], new double[0]).at(5)).as("no frames: the profile").isEqualTo(1.0);
    }

    @Test
    void theReplayRunsTheProfilesTimesTheRatiosAndTellsThePolicyWhatTheEdgeTook() {
        // Device-only frames of 270 ms by the profile; the run measured them 2x slower in its first second, 1x after.
        MeasuredCompute compute = MeasuredCompute.of(scenario,
                new MeasuredCompute.Series(new double[] {0.0, 0.5, 1.5}, new double[] {2.0, 2.0, 1.0}),
                new MeasuredCompute.Series(new double[0], new double[0]));
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
        Run run = new Simulator(TestingTraces.bins(1, 8, 8), 20, 10, 300).withCompute(compute)
                .closedLoop(Policy.of("learning", learning), 2);
        assertThat(run.frames()).extracting(f -> f.service().edgeMs()).startsWith(540.0, 540.0, 270.0);
        assertThat(told).startsWith(540.0, 540.0, 270.0).hasSize(run.frames().size());
        Choice c = run.frames().get(0).choice();
        assertThat(compute.edgeMs(c, 0)).isCloseTo(2 * c.edgeMs(), within(1e-9));
    }
}
