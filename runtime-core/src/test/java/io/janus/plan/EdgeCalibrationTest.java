package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EdgeCalibrationTest {

    /** A calibration past its warm-up frames, which were 3× slow. */
    private static EdgeCalibration warm() {
        EdgeCalibration c = new EdgeCalibration();
        for (int i = 0; i < EdgeCalibration.WARM_UP_FRAMES; i++) {
            assertThat(c.record(100, 300)).isFalse();
        }
        return c;
    }

    @Test
    void followsTheMeasuredOverPredictedRatioOnceEnoughFramesWereMeasured() {
        EdgeCalibration c = warm();
        assertThat(c.factor()).as("the warm-up frames count for nothing").isEqualTo(1.0);
        for (int i = 0; i < EdgeCalibration.MIN_FRAMES - 1; i++) {
            assertThat(c.record(100, 125)).isFalse();
        }
        assertThat(c.factor()).as("not trusted yet").isEqualTo(1.0);
        assertThat(c.record(100, 125)).isTrue();
        assertThat(c.factor()).isCloseTo(1.25, within(1e-9));
        for (int i = 0; i < 100; i++) {
            c.record(100, 90);
        }
        assertThat(c.factor()).as("a device that got faster").isCloseTo(0.9, within(0.9 * EdgeCalibration.CHANGE));
    }

    @Test
    void smallChangesKeepTheFactorInUse() {
        EdgeCalibration c = warm();
        for (int i = 0; i < EdgeCalibration.MIN_FRAMES; i++) {
            c.record(100, 120);
        }
        assertThat(c.record(100, 125)).as("the mean moved 0.4%: no rebuild").isFalse();
        assertThat(c.factor()).isCloseTo(1.2, within(1e-9));
    }

    @Test
    void tinyStagesAndNonsenseAreIgnoredAndTheFactorIsBounded() {
        EdgeCalibration c = warm();
        for (int i = 0; i < 50; i++) {
            c.record(0.2, 5);           // a stage too short to measure
            c.record(100, Double.NaN);
            c.record(100, -3);
        }
        assertThat(c.factor()).isEqualTo(1.0);
        for (int i = 0; i < 50; i++) {
            c.record(10, 1_000);        // 100x: the wrong profile, not a calibration
        }
        assertThat(c.factor()).isEqualTo(EdgeCalibration.MAX_FACTOR);
    }
}
