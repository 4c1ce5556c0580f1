package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void opensAfterConsecutiveFailuresAndClosesWhenTheProbeAnswers() throws InterruptedException {
        AtomicBoolean cloudUp = new AtomicBoolean(false);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger recoveries = new AtomicInteger();
        try (CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMillis(20), () -> {
            probes.incrementAndGet();
            return cloudUp.get();
        }, recoveries::incrementAndGet)) {
            breaker.onFailure("UNAVAILABLE");
            breaker.onFailure("UNAVAILABLE");
            breaker.onSuccess(); // a success in between resets the count
            breaker.onFailure("UNAVAILABLE");
            breaker.onFailure("UNAVAILABLE");
            assertThat(breaker.isClosed()).isTrue();
            breaker.onFailure("DEADLINE_EXCEEDED");
            assertThat(breaker.isClosed()).isFalse();
            Thread.sleep(120);
            assertThat(probes.get()).isGreaterThanOrEqualTo(2);
            assertThat(breaker.isClosed()).isFalse();
            cloudUp.set(true);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!breaker.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(breaker.isClosed()).isTrue();
            long recovered = System.nanoTime() + 2_000_000_000L;
            while (recoveries.get() == 0 && System.nanoTime() < recovered) {
                Thread.sleep(5);
            }
            assertThat(recoveries.get()).as("the edge is told once that the cloud is back (to re-fetch its profile)").isEqualTo(1);
            int after = probes.get();
            Thread.sleep(80);
            assertThat(probes.get()).as("no probing while closed").isLessThanOrEqualTo(after + 1);
        }
    }
}
