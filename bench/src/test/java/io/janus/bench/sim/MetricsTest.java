package io.janus.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.plan.Choice;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void metricsOfAHandMadeRun() {
        Scenario s = TestingScenario.scenario(300, 20, 125_000);
        Choice device = s.deviceOnly();
        Choice cloud = s.cloudOnly();
        // Latencies 100, 200, 400, 500 ms against a 300 ms SLA; the last frame is done at 1.3 s of a 1 s trace.
        List<Frame> frames = List.of(
                frame(0, 0.0, cloud, 100), frame(1, 0.1, cloud, 200), frame(2, 0.3, device, 400),
                frame(3, 0.8, device, 500));
        Metrics m = Metrics.of("t", new Run("p", 300, 1, frames));
        assertThat(m.violationRatio()).isEqualTo(0.5);
        assertThat(m.throughputFps()).isCloseTo(4 / 1.3, within(1e-12));
        assertThat(m.deviationRate()).isCloseTo((-200 - 100 + 100 + 200) / 300.0 / 4, within(1e-12));
        assertThat(m.meanSplit()).isEqualTo(1.5);   // 0, 0, 3, 3
        assertThat(m.p50Ms()).isEqualTo(200);
        assertThat(m.p95Ms()).isEqualTo(500);
        assertThat(m.accuracy()).isNaN();
    }

    private static Frame frame(int i, double start, Choice c, double ms) {
        return new Frame(i, start, start, c, 10, new Simulator.Service(ms, 0, 0, 0), 0);
    }
}
