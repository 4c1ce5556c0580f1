package io.janus.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TestingControlPlaneTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void startsAtOnceWhenTheStartupDeadlineIsOnTheSameDay() {
        assertThat(TestingControlPlane.untilSafeToStart(LocalTime.of(12, 0), TIMEOUT)).isZero();
        assertThat(TestingControlPlane.untilSafeToStart(LocalTime.of(23, 56, 59), TIMEOUT)).isZero();
        assertThat(TestingControlPlane.untilSafeToStart(LocalTime.of(0, 0, 1), TIMEOUT)).isZero();
    }

    @Test
    void waitsUntilJustAfterMidnightWhenTheDeadlineWouldWrap() {
        // CI started the API server at 23:57:05 and kube-api-test gave up at once.
        assertThat(TestingControlPlane.untilSafeToStart(LocalTime.of(23, 57, 5), TIMEOUT))
                .isEqualTo(Duration.ofSeconds(176));
        assertThat(LocalTime.of(23, 59, 30).plus(TestingControlPlane.untilSafeToStart(LocalTime.of(23, 59, 30), TIMEOUT)))
                .isEqualTo(LocalTime.of(0, 0, 1));
    }
}
