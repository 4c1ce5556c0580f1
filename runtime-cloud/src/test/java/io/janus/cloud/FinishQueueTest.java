package io.janus.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Admission control, per-peer fairness and batch formation of the cloud's queue, on a hand-driven clock. */
class FinishQueueTest {

    private static final long MS = 1_000_000L;
    private static final BatchKey SPLIT_3 = new BatchKey(3, 150, List.of(5, 4, 3, 3, 2, 2, 2, 1, 1));
    private static final BatchKey SPLIT_6 = new BatchKey(6, 120, List.of(3, 2, 2, 2, 1, 1));

    private final AtomicLong now = new AtomicLong(1_000 * MS);

    private FinishQueue<String> queue(int maxQueue, int perPeer, int maxBatch, long waitMs, int workers) {
        QueueConfig c = new QueueConfig(maxQueue, perPeer, 1L << 30, Duration.ofSeconds(5), maxBatch, Duration.ofMillis(waitMs));
        return new FinishQueue<>(c, workers, now::get);
    }

    private FinishQueue.Call<String> call(String name, String peer, BatchKey key, long deadlineMs, double costMs) {
        return new FinishQueue.Call<>(key, peer, now.get() + deadlineMs * MS, costMs, 1000, () -> false, name);
    }

    private static List<String> names(FinishQueue.Batch<String> b) {
        return b.calls().stream().map(FinishQueue.Call::payload).toList();
    }

    @Test
    void aPeerFloodingTwoThousandCallsIsCappedAndCannotStarveAnotherPeer() throws Exception {
        FinishQueue<String> q = queue(256, 64, 1, 0, 2);
        List<String> floodRefusals = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            FinishQueue.Refusal r = q.offer(call("flood-" + i, "10.0.0.9:4000", SPLIT_3, 5_000, 1), new ArrayList<>());
            if (r != null) {
                floodRefusals.add(r.reason());
            }
        }
        assertThat(floodRefusals).hasSize(2000 - 64).containsOnly("peer_queue_full");
        for (int i = 0; i < 8; i++) {
            assertThat(q.offer(call("edge-" + i, "10.0.0.2:5000", SPLIT_3, 200, 1), new ArrayList<>())).as("edge call " + i).isNull();
        }
        assertThat(q.length()).isEqualTo(72);
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            served.addAll(names(q.take()));
        }
        // Turns alternate between the two peers: the edge's 8 calls are all served among the first 16.
        assertThat(served.stream().filter(s -> s.startsWith("edge-"))).hasSize(8);
    }

    @Test
    void theQueueBoundAndTheByteBoundRefuseAtOnceNamingTheReason() {
        FinishQueue<String> q = queue(4, 4, 1, 0, 1);
        for (int i = 0; i < 4; i++) {
            assertThat(q.offer(call("c" + i, "peer-" + i, SPLIT_3, 5_000, 1), new ArrayList<>())).isNull();
        }
        FinishQueue.Refusal full = q.offer(call("c4", "peer-9", SPLIT_3, 5_000, 1), new ArrayList<>());
        assertThat(full.reason()).isEqualTo("queue_full");
        assertThat(full.description()).contains("4 calls queued", "--max-queue 4");

        QueueConfig small = new QueueConfig(16, 16, 2500, Duration.ofSeconds(5), 1, Duration.ZERO);
        FinishQueue<String> bytes = new FinishQueue<>(small, 1, now::get);
        assertThat(bytes.offer(call("a", "p", SPLIT_3, 5_000, 1), new ArrayList<>())).isNull();
        assertThat(bytes.offer(call("b", "p", SPLIT_3, 5_000, 1), new ArrayList<>())).isNull();
        assertThat(bytes.offer(call("c", "p", SPLIT_3, 5_000, 1), new ArrayList<>()).reason()).isEqualTo("queue_bytes_full");
    }

    @Test
    void aCallThatCannotFinishBeforeItsDeadlineIsRefusedWithTheEstimate() {
        FinishQueue<String> q = queue(256, 64, 1, 0, 1);
        for (int i = 0; i < 10; i++) {
            q.offer(call("busy-" + i, "peer-" + i, SPLIT_3, 5_000, 10), new ArrayList<>());
        }
        // Ten 10 ms frames of other peers come first (one turn each), then 10 ms for this one: 110 ms.
        FinishQueue.Refusal r = q.offer(call("late", "edge", SPLIT_3, 50, 10), new ArrayList<>());
        assertThat(r.reason()).isEqualTo("deadline");
        assertThat(r.description()).contains("50.0 ms left", "about 110.0 ms needed");
        assertThat(q.offer(call("in-time", "edge", SPLIT_3, 200, 10), new ArrayList<>())).isNull();

        // Measured batches twice as slow as the profile says: the estimate follows.
        for (int i = 0; i < 30; i++) {
            q.measured(10, 20);
        }
        assertThat(q.speed()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(q.offer(call("late-now", "edge-2", SPLIT_3, 200, 10), new ArrayList<>()).reason()).isEqualTo("deadline");
    }

    @Test
    void anEmptyQueueAdmitsAProbeWhenNothingWasMeasuredForASecondSoAPessimisticProfileCannotRefuseForEver() throws Exception {
        FinishQueue<String> q = queue(256, 64, 1, 0, 1);
        assertThat(q.offer(call("probe", "edge", SPLIT_3, 50, 80), new ArrayList<>())).as("nothing measured yet").isNull();
        q.take();
        q.measured(80, 200);
        assertThat(q.offer(call("right-after", "edge", SPLIT_3, 50, 80), new ArrayList<>()).reason()).isEqualTo("deadline");
        now.addAndGet(1_100 * MS);
        assertThat(q.offer(call("a-second-later", "edge", SPLIT_3, 50, 80), new ArrayList<>())).isNull();
    }

    @Test
    void callsOfOneShapeFromManyPeersFormOneBatchAndOtherShapesStayOut() throws Exception {
        FinishQueue<String> q = queue(256, 64, 4, 0, 1);
        q.offer(call("a1", "A", SPLIT_3, 5_000, 1), new ArrayList<>());
        q.offer(call("a2", "A", SPLIT_3, 5_000, 1), new ArrayList<>());
        q.offer(call("b1", "B", SPLIT_6, 5_000, 1), new ArrayList<>());
        q.offer(call("b2", "B", SPLIT_3, 5_000, 1), new ArrayList<>());
        q.offer(call("c1", "C", SPLIT_3, 5_000, 1), new ArrayList<>());
        q.offer(call("c2", "C", SPLIT_3, 5_000, 1), new ArrayList<>());
        // One per peer per turn: a1, b2, c1, then a2 fills it; c2 waits for the next batch.
        assertThat(names(q.take())).containsExactly("a1", "b2", "c1", "a2");
        assertThat(names(q.take())).containsExactly("b1");
        assertThat(names(q.take())).containsExactly("c2");
        assertThat(q.length()).isZero();
    }

    @Test
    void aBatchWaitsForItsShapeWhileAnotherWorkerTakesOtherShapesAtOnce() throws Exception {
        AtomicLong real = new AtomicLong();
        // The SPLIT_6 calls arrive while a worker waits for SPLIT_3 company: they neither join it nor wait behind it.
        QueueConfig c = new QueueConfig(256, 64, 1L << 30, Duration.ofSeconds(5), 3, Duration.ofMillis(2_000));
        FinishQueue<String> q = new FinishQueue<>(c, 2, System::nanoTime);
        q.offer(new FinishQueue.Call<>(SPLIT_3, "A", System.nanoTime() + 10_000 * MS, 1, 1, () -> false, "a1"), new ArrayList<>());
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> take(q));
        Thread.sleep(200); // the first worker now waits for more SPLIT_3 calls
        for (String peer : List.of("B", "E", "F")) {
            q.offer(new FinishQueue.Call<>(SPLIT_6, peer, System.nanoTime() + 10_000 * MS, 1, 1, () -> false, "b-" + peer),
                    new ArrayList<>());
        }
        long t0 = System.nanoTime();
        assertThat(take(q)).containsExactly("b-B", "b-E", "b-F");
        real.set(System.nanoTime() - t0);
        assertThat(real.get()).as("another shape never waits for the forming batch").isLessThan(500 * MS);
        q.offer(new FinishQueue.Call<>(SPLIT_3, "C", System.nanoTime() + 10_000 * MS, 1, 1, () -> false, "c1"), new ArrayList<>());
        q.offer(new FinishQueue.Call<>(SPLIT_3, "D", System.nanoTime() + 10_000 * MS, 1, 1, () -> false, "d1"), new ArrayList<>());
        assertThat(first.get(1, TimeUnit.SECONDS)).as("full at 3: no need to wait the 2 s out").containsExactly("a1", "c1", "d1");
    }

    @Test
    void theBatchWindowEndsBeforeTheSmallestDeadlineLessTheBatchTime() throws Exception {
        QueueConfig c = new QueueConfig(256, 64, 1L << 30, Duration.ofSeconds(5), 8, Duration.ofMillis(5_000));
        FinishQueue<String> q = new FinishQueue<>(c, 1, System::nanoTime);
        q.offer(new FinishQueue.Call<>(SPLIT_3, "A", System.nanoTime() + 300 * MS, 100, 1, () -> false, "a1"), new ArrayList<>());
        long t0 = System.nanoTime();
        assertThat(take(q)).containsExactly("a1");
        long waited = System.nanoTime() - t0;
        assertThat(waited).as("300 ms deadline, 100 ms predicted: the window closes after about 200 ms, not 5 s")
                .isBetween(150 * MS, 1_000 * MS);
    }

    @Test
    void callsWhoseDeadlinePassedWhileQueuedAreHandedBackNotRun() throws Exception {
        FinishQueue<String> q = queue(256, 64, 4, 0, 1);
        q.offer(call("old", "A", SPLIT_3, 10, 1), new ArrayList<>());
        q.offer(call("fresh", "B", SPLIT_3, 5_000, 1), new ArrayList<>());
        now.addAndGet(20 * MS);
        FinishQueue.Batch<String> b = q.take();
        assertThat(names(b)).containsExactly("fresh");
        assertThat(b.expired()).extracting(FinishQueue.Call::payload).containsExactly("old");
        assertThat(q.length()).isZero();
    }

    private static List<String> take(FinishQueue<String> q) {
        try {
            return names(q.take());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
