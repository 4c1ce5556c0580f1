package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.plan.Mode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EdgeStatsTest {

    @Test
    void percentilesViolationsAndThroughputOverRecentFrames() {
        AtomicLong clock = new AtomicLong();
        EdgeStats stats = new EdgeStats(100, clock::get, new PrometheusRegistry());
        for (int i = 1; i <= 100; i++) {
            clock.addAndGet(50_000_000L); // 20 frames/s
            stats.record(Mode.COLLABORATIVE, i * 2.0, 0.0, 1000, i % 10 == 0 ? "UNAVAILABLE" : null);
        }
        EdgeStats.Snapshot s = stats.snapshot();
        assertThat(s.framesDone()).isEqualTo(100);
        assertThat(s.framesFellBack()).isEqualTo(10);
        assertThat(s.latencyP50Ms()).isEqualTo(100.0);
        assertThat(s.latencyP95Ms()).isEqualTo(190.0);
        assertThat(s.slaViolationRatio()).isCloseTo(0.5, within(1e-9)); // latencies 102..200 exceed 100 ms
        assertThat(s.throughputFps()).isCloseTo(20, within(0.5));
    }
}
