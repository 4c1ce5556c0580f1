package io.janus.cloud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The cloud's one bounded queue in front of the engine: admission control, per-peer fairness and batch formation.
 *
 * <ul>
 *   <li>Admission: a call is refused at once when the queue (calls or bytes) or its peer's share is full, or when the
 *       work the round robin would serve before it, at the engine's measured speed, cannot finish by its deadline.
 *       A call that finds the queue empty when no batch was measured for a second is admitted anyway: it can start at
 *       once, and its measurement corrects an estimate that would otherwise refuse every call for ever.
 *   <li>Fairness: each peer (one client connection) has its own FIFO; batches are filled by taking turns across
 *       peers, one call per peer per turn, so a peer flooding the cloud only ever delays itself.
 *   <li>Batching: a batch holds calls of one {@link BatchKey}; while a worker waits (at most {@code maxBatchWait},
 *       never past the smallest remaining deadline less the batch's predicted time) arriving calls of that key join it,
 *       while other workers keep taking other shapes.
 * </ul>
 * Pure logic on a monitor; the threads are {@link BatchRunner}'s, the clock is passed in.
 *
 * @param <T> what a call carries (the gRPC request and its reply stream; a name in tests)
 */
final class FinishQueue<T> {

    /** One call waiting: its shape, who sent it, when it must be done, and what it costs by the latency profile. */
    record Call<T>(BatchKey key, String peer, long deadlineNanos, double costMs, long bytes, BooleanSupplier cancelled,
                   T payload) {}

    /** Why a call was refused at admission: the metric's label and the status description. */
    record Refusal(String reason, String description) {}

    /** What a worker runs next, and the calls found dead on the way (deadline passed or client gone). */
    record Batch<T>(List<Call<T>> calls, List<Call<T>> expired) {
        double predictedMs() {
            return calls.stream().mapToDouble(Call::costMs).sum();
        }
    }

    /** With the queue empty and no batch measured for this long, a call is admitted whatever the estimate says. */
    static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

    private final QueueConfig config;
    private final int workers;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Call<T>>> byPeer = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>(); // peers with calls waiting, next to be served first
    private final Map<BatchKey, List<Call<T>>> forming = new HashMap<>();
    private int queued;
    private long queuedBytes;
    /** Measured batch time over the profile's prediction for it (EWMA): the engine's speed now, batching included. */
    private double speed = 1.0;
    private boolean closed;
    private long lastMeasured = Long.MIN_VALUE / 2;

    FinishQueue(QueueConfig config, int workers, LongSupplier clock) {
        this.config = config;
        this.workers = workers;
        this.clock = clock;
    }

    /** Calls waiting, those in a batch being formed included. */
    synchronized int length() {
        return queued;
    }

    synchronized long bytes() {
        return queuedBytes;
    }

    /**
     * Admits {@code call} or says why not. Calls found dead while making room are added to {@code expired}; the caller
     * answers them.
     */
    synchronized Refusal offer(Call<T> call, List<Call<T>> expired) {
        long now = clock.getAsLong();
        if (closed) {
            return new Refusal("draining", "the cloud is shutting down");
        }
        ArrayDeque<Call<T>> mine = byPeer.get(call.peer());
        if (full(call, mine)) {
            purgeDead(now, expired);
            mine = byPeer.get(call.peer());
        }
        int peerWaiting = mine == null ? 0 : mine.size();
        if (queued >= config.maxQueue()) {
            return new Refusal("queue_full", queued + " calls queued (--max-queue " + config.maxQueue() + ")");
        }
        if (peerWaiting >= config.maxQueuePerPeer()) {
            return new Refusal("peer_queue_full", "this client already has " + peerWaiting + " calls queued (--max-queue-per-peer "
                    + config.maxQueuePerPeer() + ")");
        }
        if (queuedBytes + call.bytes() > config.maxQueueBytes()) {
            return new Refusal("queue_bytes_full", (queuedBytes + call.bytes()) + " request bytes would be queued (--max-queue-bytes "
                    + config.maxQueueBytes() + ")");
        }
        if (queued == 0 && now - lastMeasured > PROBE_INTERVAL_NANOS) {
            admit(call, mine); // it can start now; and a stale or pessimistic estimate must not refuse every call for ever
            notifyAll();
            return null;
        }
        double aheadMs = aheadOf(call.peer(), peerWaiting);
        double finishMs = speed * (aheadMs / workers + call.costMs());
        double leftMs = (call.deadlineNanos() - now) / 1e6;
        if (finishMs > leftMs) {
            return new Refusal("deadline", String.format(Locale.ROOT, "cannot finish before the deadline: %.1f ms left, about %.1f ms"
                    + " needed (%.1f ms of queued work ahead on %d workers, then %.1f ms for this frame)", Math.max(0, leftMs),
                    finishMs, speed * aheadMs, workers, speed * call.costMs()));
        }
        admit(call, mine);
        notifyAll();
        return null;
    }

    /**
     * The next batch: blocks until a call waits, then fills a batch of its shape by turns across peers and, if not
     * full, waits a little for more. Null once closed and empty.
     */
    synchronized Batch<T> take() throws InterruptedException {
        List<Call<T>> expired = new ArrayList<>();
        while (true) {
            Call<T> first = nextHead(clock.getAsLong(), expired);
            if (first != null) {
                List<Call<T>> batch = new ArrayList<>(List.of(first));
                fill(batch);
                awaitMore(batch);
                for (Call<T> c : batch) {
                    queued--;
                    queuedBytes -= c.bytes();
                }
                return new Batch<>(batch, expired);
            }
            if (!expired.isEmpty()) {
                return new Batch<>(List.of(), expired);
            }
            if (closed) {
                return null;
            }
            wait();
        }
    }

    /** Feeds the engine's measured time of a batch back into admission. */
    synchronized void measured(double predictedMs, double measuredMs) {
        lastMeasured = clock.getAsLong();
        if (predictedMs > 0 && measuredMs > 0) {
            speed = Math.min(20, Math.max(0.02, 0.8 * speed + 0.2 * measuredMs / predictedMs));
        }
    }

    synchronized double speed() {
        return speed;
    }

    /** No new calls; workers drain what waits, then {@link #take} returns null. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private boolean full(Call<T> call, ArrayDeque<Call<T>> mine) {
        return queued >= config.maxQueue() || (mine != null && mine.size() >= config.maxQueuePerPeer())
                || queuedBytes + call.bytes() > config.maxQueueBytes();
    }

    private void admit(Call<T> call, ArrayDeque<Call<T>> mine) {
        queued++;
        queuedBytes += call.bytes();
        List<Call<T>> batch = forming.get(call.key());
        if (batch != null && batch.size() < config.maxBatch()) {
            batch.add(call);
            return;
        }
        if (mine == null) {
            mine = new ArrayDeque<>();
            byPeer.put(call.peer(), mine);
            turns.addLast(call.peer());
        }
        mine.addLast(call);
    }

    /**
     * Predicted work served before a new call of {@code peer}, which has {@code waiting} calls queued: under round robin
     * every other peer gets at most {@code waiting + 1} turns first; batches being formed go first.
     */
    private double aheadOf(String peer, int waiting) {
        double ms = 0;
        for (Map.Entry<String, ArrayDeque<Call<T>>> e : byPeer.entrySet()) {
            int turnsFirst = e.getKey().equals(peer) ? waiting : waiting + 1;
            Iterator<Call<T>> it = e.getValue().iterator();
            for (int i = 0; i < turnsFirst && it.hasNext(); i++) {
                ms += it.next().costMs();
            }
        }
        for (List<Call<T>> batch : forming.values()) {
            for (Call<T> c : batch) {
                ms += c.costMs();
            }
        }
        return ms;
    }

    /** The head of the next peer's queue in turn, skipping (and collecting) dead calls. */
    private Call<T> nextHead(long now, List<Call<T>> expired) {
        while (!turns.isEmpty()) {
            String peer = turns.pollFirst();
            ArrayDeque<Call<T>> q = byPeer.get(peer);
            Call<T> head = null;
            while (head == null && !q.isEmpty()) {
                Call<T> c = q.pollFirst();
                if (dead(c, now)) {
                    dropped(c, expired);
                } else {
                    head = c;
                }
            }
            requeue(peer, q);
            if (head != null) {
                return head;
            }
        }
        return null;
    }

    /** Takes calls of the batch's shape by turns, one per peer per turn, until full or none is left. */
    private void fill(List<Call<T>> batch) {
        BatchKey key = batch.get(0).key();
        boolean took = true;
        while (took && batch.size() < config.maxBatch()) {
            took = false;
            for (int i = 0, n = turns.size(); i < n && batch.size() < config.maxBatch(); i++) {
                String peer = turns.pollFirst();
                ArrayDeque<Call<T>> q = byPeer.get(peer);
                Call<T> match = removeFirst(q, key);
                if (match != null) {
                    batch.add(match);
                    took = true;
                }
                requeue(peer, q);
            }
        }
    }

    /** Waits for calls of the batch's shape while the batch is not full and its window is open. */
    private void awaitMore(List<Call<T>> batch) throws InterruptedException {
        if (batch.size() >= config.maxBatch() || config.maxBatchWait().isZero()) {
            return;
        }
        BatchKey key = batch.get(0).key();
        forming.put(key, batch);
        try {
            long now = clock.getAsLong();
            long until = windowEnd(batch, now);
            while (batch.size() < config.maxBatch() && now < until && !closed) {
                TimeUnit.NANOSECONDS.timedWait(this, until - now);
                now = clock.getAsLong();
                until = Math.min(until, windowEnd(batch, now));
            }
        } finally {
            forming.remove(key);
        }
    }

    /** now + max wait, but no later than the smallest deadline less the batch's predicted time. */
    private long windowEnd(List<Call<T>> batch, long now) {
        long minDeadline = Long.MAX_VALUE;
        double ms = 0;
        for (Call<T> c : batch) {
            minDeadline = Math.min(minDeadline, c.deadlineNanos());
            ms += c.costMs();
        }
        return Math.min(now + config.maxBatchWait().toNanos(), minDeadline - (long) (speed * ms * 1e6));
    }

    private Call<T> removeFirst(ArrayDeque<Call<T>> q, BatchKey key) {
        for (Iterator<Call<T>> it = q.iterator(); it.hasNext(); ) {
            Call<T> c = it.next();
            if (c.key().equals(key) && !dead(c, clock.getAsLong())) {
                it.remove();
                return c;
            }
        }
        return null;
    }

    /** A peer with calls left goes to the back of the turns; one with none is forgotten (bounded by connections). */
    private void requeue(String peer, ArrayDeque<Call<T>> q) {
        if (q.isEmpty()) {
            byPeer.remove(peer);
        } else {
            turns.addLast(peer);
        }
    }

    private void purgeDead(long now, List<Call<T>> expired) {
        for (Iterator<Map.Entry<String, ArrayDeque<Call<T>>>> peers = byPeer.entrySet().iterator(); peers.hasNext(); ) {
            var e = peers.next();
            for (Iterator<Call<T>> it = e.getValue().iterator(); it.hasNext(); ) {
                Call<T> c = it.next();
                if (dead(c, now)) {
                    it.remove();
                    dropped(c, expired);
                }
            }
            if (e.getValue().isEmpty()) {
                peers.remove();
                turns.remove(e.getKey());
            }
        }
    }

    private void dropped(Call<T> c, List<Call<T>> expired) {
        queued--;
        queuedBytes -= c.bytes();
        expired.add(c);
    }

    private static boolean dead(Call<?> c, long now) {
        return now >= c.deadlineNanos() || c.cancelled().getAsBoolean();
    }
}
