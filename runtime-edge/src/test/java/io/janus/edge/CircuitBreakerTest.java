package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * While the link is down every probe times out: the next must start as that one ends (not an interval later, which
     * added up to an interval to every recovery), and once probes are quick again they keep one interval apart (no
     * burst to catch up on the schedule the slow ones missed).
     */
    @Test
    void aProbeSlowerThanTheIntervalIsFollowedAtOnceAndQuickProbesKeepTheirInterval() throws InterruptedException {
        long intervalMs = 100;
        List<long[]> probes = new CopyOnWriteArrayList<>(); // start, end (ms)
        long t0 = System.nanoTime();
        try (CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofMillis(intervalMs), () -> {
            long start = (System.nanoTime() - t0) / 1_000_000;
            boolean slow = probes.size() < 3;
            if (slow) {
                sleep(3 * intervalMs); // a call running out of its timeout
            }
            probes.add(new long[] {start, (System.nanoTime() - t0) / 1_000_000});
            return false;
        })) {
            breaker.trip("down");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (probes.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(probes).hasSizeGreaterThanOrEqualTo(6);
        for (int i = 1; i < 3; i++) {
            assertThat(probes.get(i)[0] - probes.get(i - 1)[1]).as("pause after slow probe %d (ms)", i)
                    .isLessThan(intervalMs / 2);
        }
        for (int i = 4; i < 6; i++) {
            assertThat(probes.get(i)[0] - probes.get(i - 1)[0]).as("start to start, quick probes %d and %d (ms)", i - 1, i)
                    .isGreaterThanOrEqualTo(intervalMs - 5);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
