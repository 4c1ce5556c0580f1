package io.janus.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusWriteThrottleTest {

    /** A clock the test moves by hand. */
    static final class TestingClock extends Clock {
        Instant now = Instant.parse("2026-11-22T18:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void allowsOneWritePerIntervalPerResource() {
        TestingClock clock = new TestingClock();
        StatusWriteThrottle throttle = new StatusWriteThrottle(Duration.ofSeconds(5), clock);
        assertThat(throttle.waitBeforeWrite("a")).isEmpty();
        throttle.recordWrite("a");

        clock.now = clock.now.plusSeconds(2);
        assertThat(throttle.waitBeforeWrite("a")).contains(Duration.ofSeconds(3));
        assertThat(throttle.waitBeforeWrite("b")).as("other resources are independent").isEmpty();

        clock.now = clock.now.plusSeconds(3);
        assertThat(throttle.waitBeforeWrite("a")).isEmpty();
    }
}
