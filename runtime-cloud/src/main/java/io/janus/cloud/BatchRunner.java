package io.janus.cloud;

import io.grpc.Status;
import io.janus.wire.v1.FinishReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cloud's workers: each takes the next batch from the queue, runs it through the engine and answers its calls. */
final class BatchRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final FinishQueue<SplitInferenceService.Pending> queue;
    private final CloudEngine engine;
    private final CloudMetrics metrics;
    private final List<Thread> threads = new ArrayList<>();

    BatchRunner(FinishQueue<SplitInferenceService.Pending> queue, CloudEngine engine, CloudMetrics metrics, int workers) {
        this.queue = queue;
        this.engine = engine;
        this.metrics = metrics;
        for (int i = 1; i <= workers; i++) {
            Thread t = new Thread(this::work, "janus-cloud-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Answers calls whose deadline passed (or whose client left) while they waited. */
    void expire(List<FinishQueue.Call<SplitInferenceService.Pending>> expired) {
        for (var c : expired) {
            metrics.refused("expired");
            SplitInferenceService.Pending p = c.payload();
            String description = p.defaultDeadline()
                    ? "the call carried no deadline and the cloud's default one passed while it was queued"
                    : "the deadline passed while the call was queued";
            p.out().onError(Status.DEADLINE_EXCEEDED.withDescription(description).asRuntimeException());
        }
    }

    private void work() {
        try {
            for (var batch = queue.take(); batch != null; batch = queue.take()) {
                expire(batch.expired());
                if (!batch.calls().isEmpty()) {
                    run(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(FinishQueue.Batch<SplitInferenceService.Pending> batch) {
        int n = batch.calls().size();
        long start = System.nanoTime();
        List<SplitInferenceService.Pending> calls = batch.calls().stream().map(FinishQueue.Call::payload).toList();
        metrics.batchStarted(n);
        List<CloudEngine.Outcome> outcomes;
        try {
            outcomes = engine.finishBatch(calls.stream().map(SplitInferenceService.Pending::request).toList(),
                    calls.stream().map(SplitInferenceService.Pending::work).toList());
        } catch (RuntimeException e) {
            LOG.error("batch of {} at split {}: internal error", n, calls.get(0).work().splitPoint(), e);
            outcomes = calls.stream().map(c -> new CloudEngine.Outcome(null, e)).toList();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.batchFinished(n, seconds);
        queue.measured(batch.predictedMs(), seconds * 1e3);
        for (int i = 0; i < n; i++) {
            answer(calls.get(i), outcomes.get(i), start);
        }
    }

    private void answer(SplitInferenceService.Pending call, CloudEngine.Outcome outcome, long started) {
        long waitedNanos = started - call.arrivedNanos();
        metrics.waited(waitedNanos / 1e9);
        try {
            if (outcome.error() == null) {
                FinishReply reply = outcome.reply().toBuilder()
                        .setCloudQueueMicros(TimeUnit.NANOSECONDS.toMicros(waitedNanos)).build();
                call.out().onNext(reply);
                call.out().onCompleted();
            } else {
                Status status = SplitInferenceService.statusOf(outcome.error(), call.request());
                if (status.getCode() == Status.Code.INTERNAL) {
                    LOG.error("frame {}: internal error", call.request().getFrameId(), outcome.error());
                }
                call.out().onError(status.asRuntimeException());
            }
        } catch (RuntimeException e) {
            LOG.debug("frame {}: could not answer (client gone): {}", call.request().getFrameId(), e.toString());
        }
    }

    /** Closes the queue and waits for the workers to answer what it still held. */
    @Override
    public void close() {
        queue.close();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
