package io.janus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.janus.bench.sim.Metrics;
import org.junit.jupiter.api.Test;

class PredictionErrorTest {

    private static Metrics metrics(double[] latencyMs, double seconds) {
        return Metrics.of("t", "janus", latencyMs, 50, seconds, Double.NaN, 0.1, 3);
    }

    @Test
    void errorsAreSimulatedMinusMeasured() {
        // measured: 2 of 10 frames over 50 ms; simulated: 1 of 10, everything 10% faster
        Metrics measured = metrics(new double[] {40, 40, 40, 40, 40, 40, 40, 40, 60, 60}, 10);
        Metrics simulated = metrics(new double[] {36, 36, 36, 36, 36, 36, 36, 36, 36, 54}, 9);
        PredictionError e = PredictionError.of(measured, simulated);
        assertEquals(-10, e.p50Percent(), 1e-9);
        assertEquals(-10, e.p95Percent(), 1e-9);
        assertEquals(100.0 * (10 / 9.0 - 1), e.throughputPercent(), 1e-9);
        assertEquals(-10, e.violationPoints(), 1e-9);
        assertFalse(e.violationWithinTarget());
    }

    @Test
    void violationTargetIsFivePointsEitherWay() {
        double[] fiveOf100 = new double[100];
        double[] noneOf100 = new double[100];
        for (int i = 0; i < 100; i++) {
            fiveOf100[i] = i < 5 ? 80 : 30;
            noneOf100[i] = 30;
        }
        assertTrue(PredictionError.of(metrics(fiveOf100, 10), metrics(noneOf100, 10)).violationWithinTarget());
        assertTrue(PredictionError.of(metrics(noneOf100, 10), metrics(fiveOf100, 10)).violationWithinTarget());
        fiveOf100[5] = 80;
        assertFalse(PredictionError.of(metrics(fiveOf100, 10), metrics(noneOf100, 10)).violationWithinTarget());
    }

    @Test
    void metricsFromLatenciesMatchThePaperDefinitions() {
        Metrics m = metrics(new double[] {60, 20, 40, 100}, 2);
        assertEquals(0.5, m.violationRatio(), 1e-9);
        assertEquals(2.0, m.throughputFps(), 1e-9);
        assertEquals(40, m.p50Ms(), 1e-9);
        assertEquals(100, m.p95Ms(), 1e-9);
        assertEquals(((60 - 50) + (20 - 50) + (40 - 50) + (100 - 50)) / 4.0 / 50, m.deviationRate(), 1e-9);
    }
}
