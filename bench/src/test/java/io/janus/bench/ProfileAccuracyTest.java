package io.janus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileAccuracyTest {

    /** Points of schedules none, exp:0.1 … with edge and cloud measured at {@code drift} times the prediction. */
    private static List<ProfileAccuracy.Point> drifted(double drift, Schedule off, double offError) {
        List<ProfileAccuracy.Point> points = new ArrayList<>();
        for (String spec : List.of("none", "exp:0.1", "exp:0.2", "const:8")) {
            Schedule s = Schedule.parse(spec);
            double f = drift * (s.equals(off) ? 1 + offError : 1);
            points.add(new ProfileAccuracy.Point(s, 1, 10, 10 * f, 90, 90 * f));
            points.add(new ProfileAccuracy.Point(s, 6, 50, 50 * f, 50, 50 * f));
        }
        return points;
    }

    @Test
    void calibrationTakesOutAMachineRunningUniformlySlower() {
        List<ProfileAccuracy.Point> points = drifted(1.25, null, 0);
        assertThat(ProfileAccuracy.meanAbsoluteError(points)).isCloseTo(0.2, within(1e-9));   // 1/1.25 - 1
        assertThat(ProfileAccuracy.calibratedMeanAbsoluteError(points)).isCloseTo(0, within(1e-9));
    }

    @Test
    void aScheduleMispredictedAloneKeepsItsErrorAfterCalibration() {
        List<ProfileAccuracy.Point> points = drifted(1.25, Schedule.parse("exp:0.2"), 0.5);
        // exp:0.2 measured 1.5x its prediction on top of the drift; its factor comes from the others only
        double expected = (1 - 1 / 1.5) / 4;   // its 2 points of 8 are off by a third
        assertThat(ProfileAccuracy.calibratedMeanAbsoluteError(points)).isCloseTo(expected, within(1e-9));
    }
}
