package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProfileCalibrationTest {

    /** A calibration past its warm-up frames, which were 3× slow. */
    private static ProfileCalibration warm() {
        ProfileCalibration c = new ProfileCalibration();
        for (int i = 0; i < ProfileCalibration.WARM_UP_FRAMES; i++) {
            assertThat(c.record(100, 300)).isFalse();
        }
        assertThat(c.factor()).as("the warm-up frames count for nothing").isEqualTo(1.0);
        return c;
    }

    @Test
    void plansWithTheSlowFramesOfTheSpread() {
        ProfileCalibration c = warm();
        // Frames spread evenly from 1.0x to 1.4x the profile's prediction, each value twice.
        boolean changed = false;
        for (int i = 0; i < ProfileCalibration.WINDOW; i++) {
            changed |= c.record(100, 100 + 40.0 * (i % 32) / 31);
        }
        assertThat(changed).isTrue();
        assertThat(c.factor()).as("19 frames in 20 finish within the plan").isCloseTo(1.39, within(0.01));
    }

    @Test
    void followsADeviceThatGotFasterWithinAWindow() {
        ProfileCalibration c = warm();
        for (int i = 0; i < ProfileCalibration.WINDOW; i++) {
            c.record(100, 130);
        }
        assertThat(c.factor()).isCloseTo(1.3, within(1e-9));
        for (int i = 0; i < ProfileCalibration.WINDOW; i++) {
            c.record(100, 90);
        }
        assertThat(c.factor()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void nothingChangesBeforeEnoughFramesNorOnSmallMoves() {
        ProfileCalibration c = warm();
        for (int i = 0; i < ProfileCalibration.MIN_FRAMES - 1; i++) {
            assertThat(c.record(100, 120)).isFalse();
        }
        assertThat(c.factor()).isEqualTo(1.0);
        assertThat(c.record(100, 120)).isTrue();
        assertThat(c.record(100, 122)).as("a 2% move keeps the schedulers").isFalse();
        assertThat(c.factor()).isCloseTo(1.2, within(1e-9));
    }

    @Test
    void tinyStagesAndNonsenseAreIgnoredAndTheFactorIsBounded() {
        ProfileCalibration c = warm();
        for (int i = 0; i < 50; i++) {
            c.record(0.2, 5);           // a stage too short to measure
            c.record(100, Double.NaN);
            c.record(100, -3);
        }
        assertThat(c.factor()).isEqualTo(1.0);
        for (int i = 0; i < ProfileCalibration.WINDOW; i++) {
            c.record(10, 1_000);        // 100x: the wrong profile, not a calibration
        }
        assertThat(c.factor()).isEqualTo(ProfileCalibration.MAX_FACTOR);
    }
}
