package io.janus.cloud;

import java.time.Duration;

/**
 * The cloud's one queue in front of the engine: how much may wait, how long a call without a deadline may wait, and
 * how calls of one shape are batched.
 *
 * @param maxQueue        calls waiting at most (all peers); beyond it a call is refused at once (RESOURCE_EXHAUSTED)
 * @param maxQueuePerPeer calls one peer (one client connection) may have waiting; beyond it that peer is refused, the
 *                        others are not
 * @param maxQueueBytes   serialized request bytes waiting at most (the queue's memory bound)
 * @param defaultDeadline deadline given to a call that carries none
 * @param maxBatch        calls of one shape (split point, token count, remaining schedule) run through the engine at
 *                        once; 1 turns batching off
 * @param maxBatchWait    how long a batch that is not full may wait for more calls of its shape; never past the
 *                        smallest remaining deadline in the batch less the batch's predicted time
 */
public record QueueConfig(int maxQueue, int maxQueuePerPeer, long maxQueueBytes, Duration defaultDeadline, int maxBatch,
                          Duration maxBatchWait) {

    public static final int DEFAULT_MAX_QUEUE = 256;
    public static final int DEFAULT_MAX_QUEUE_PER_PEER = 64;
    public static final long DEFAULT_MAX_QUEUE_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_DEADLINE_MS = 5_000;
    public static final int DEFAULT_MAX_BATCH = 8;
    public static final long DEFAULT_MAX_BATCH_WAIT_MS = 2;

    public QueueConfig {
        require(maxQueue >= 1, "--max-queue " + maxQueue + ": must be >= 1");
        require(maxQueuePerPeer >= 1 && maxQueuePerPeer <= maxQueue,
                "--max-queue-per-peer " + maxQueuePerPeer + ": must be in [1, --max-queue " + maxQueue + "]");
        require(maxQueueBytes >= 1024, "--max-queue-bytes " + maxQueueBytes + ": must be >= 1024");
        require(defaultDeadline != null && !defaultDeadline.isNegative() && !defaultDeadline.isZero(),
                "--default-deadline-ms " + (defaultDeadline == null ? null : defaultDeadline.toMillis()) + ": must be > 0");
        require(maxBatch >= 1 && maxBatch <= 256, "--max-batch " + maxBatch + ": must be in [1, 256]");
        require(maxBatchWait != null && !maxBatchWait.isNegative(),
                "--max-batch-wait-ms " + (maxBatchWait == null ? null : maxBatchWait.toMillis()) + ": must be >= 0");
    }

    public static QueueConfig defaults() {
        return new QueueConfig(DEFAULT_MAX_QUEUE, DEFAULT_MAX_QUEUE_PER_PEER, DEFAULT_MAX_QUEUE_BYTES,
                Duration.ofMillis(DEFAULT_DEADLINE_MS), DEFAULT_MAX_BATCH, Duration.ofMillis(DEFAULT_MAX_BATCH_WAIT_MS));
    }

    public QueueConfig withBatching(int batch, Duration wait) {
        return new QueueConfig(maxQueue, maxQueuePerPeer, maxQueueBytes, defaultDeadline, batch, wait);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
