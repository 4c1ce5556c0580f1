package io.janus.bench;

import ai.djl.ndarray.NDManager;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.janus.model.LabelledImages;
import io.janus.model.RawImage;
import io.janus.model.TokenState;
import io.janus.model.VitModel;
import io.janus.profile.Timings;
import io.janus.schedule.Schedule;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TokenPayloads;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fleet of simulated edges against one cloud process: N real gRPC clients (one connection each, as N edge devices
 * would have), each sending the token payloads its edge half computed at its own split point and α, back to back
 * with the SLA as every call's deadline. Frames/s and p50/p95/p99 per N, the cloud run unbatched (--max-batch 1) and
 * batched, in one run. Prints numbers; never fails on speed. Last line: {@code batching speedup at 16 edges = <x>x}.
 */
public final class CloudBenchmark {

    /** The split points and declining rates the simulated edges run, edge i taking entry i mod size. */
    static final List<Mix> MIX = List.of(new Mix(2, "exp:0.1"), new Mix(4, "exp:0.1"), new Mix(2, "exp:0.2"), new Mix(4, "exp:0.2"));

    /** One edge's decision. */
    record Mix(int splitPoint, String schedule) {}

    /**
     * @param model        model folder
     * @param digits       the shipped digits (safetensors)
     * @param edges        fleet sizes to measure
     * @param seconds      measured seconds per fleet size and mode (after a warm-up)
     * @param slaMs        every call's deadline
     * @param maxBatch     the batched mode's --max-batch
     * @param maxBatchWaitMs the batched mode's --max-batch-wait-ms
     * @param cloudMain    the java command line that runs ./janus (the cloud gets its own JVM)
     */
    public record Settings(Path model, Path digits, int[] edges, double seconds, double slaMs, int maxBatch, long maxBatchWaitMs,
                           List<String> cloudMain) {}

    /** What one fleet size measured. */
    record Row(String mode, int edges, int ok, int refused, int expired, double seconds, double[] latenciesMs, double meanBatch) {
        double framesPerSecond() {
            return ok / seconds;
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public CloudBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public void run() throws Exception {
        List<List<FinishRequest>> payloads;
        try (VitModel model = VitModel.load(settings.model())) {
            payloads = payloads(model, LabelledImages.open(settings.digits()).first(32));
        }
        out.printf(Locale.ROOT, "janus bench cloud: %s, edges %s, %.0f s per row, SLA (each call's deadline) %.0f ms, mix %s, fp16 tokens,"
                        + " %d cores; the cloud in its own JVM (2 workers, 1 PyTorch thread each)%n", settings.model().getFileName(),
                Arrays.toString(settings.edges()), settings.seconds(), settings.slaMs(), MIX, Runtime.getRuntime().availableProcessors());
        Map<String, List<String>> modes = new LinkedHashMap<>();
        modes.put("unbatched", List.of("--max-batch", "1"));
        modes.put("batched", List.of("--max-batch", String.valueOf(settings.maxBatch()), "--max-batch-wait-ms",
                String.valueOf(settings.maxBatchWaitMs())));
        out.println("mode       edges  frames/s  p50 ms  p95 ms  p99 ms  refused  expired  mean batch");
        Map<String, Row> at16 = new LinkedHashMap<>();
        for (var mode : modes.entrySet()) {
            int port = LoopbackPorts.free();
            try (var cloud = RuntimeProcess.cloud(settings.cloudMain(), settings.model(), port, mode.getValue())) {
                fleet(port, 4, payloads, 5); // warm-up: both JVMs JIT-compile the path
                for (int n : settings.edges()) {
                    Row r = fleet(port, n, payloads, settings.seconds());
                    Row row = new Row(mode.getKey(), r.edges(), r.ok(), r.refused(), r.expired(), r.seconds(), r.latenciesMs(), r.meanBatch());
                    print(row);
                    if (n == 16) {
                        at16.put(mode.getKey(), row);
                    }
                }
                out.printf(Locale.ROOT, "%s cloud: peak resident memory %s%n", mode.getKey(), cloud.peakMemory());
            }
        }
        if (at16.size() == 2) {
            out.printf(Locale.ROOT, "batching speedup at 16 edges = %.2fx%n",
                    at16.get("batched").framesPerSecond() / at16.get("unbatched").framesPerSecond());
        } else {
            out.println("batching speedup at 16 edges = n/a (16 is not among --edges)");
        }
    }

    private void print(Row r) {
        double[] l = r.latenciesMs().clone();
        Arrays.sort(l);
        out.printf(Locale.ROOT, "%-9s  %5d  %8.1f  %6.1f  %6.1f  %6.1f  %7d  %7d  %10.2f%n", r.mode(), r.edges(), r.framesPerSecond(),
                Timings.percentile(l, 0.50), Timings.percentile(l, 0.95), Timings.percentile(l, 0.99), r.refused(), r.expired(),
                r.meanBatch());
    }

    /** Each mix entry's requests: the shipped digits through the edge half (embed, blocks [0, split)), fp16 on the wire. */
    static List<List<FinishRequest>> payloads(VitModel model, List<RawImage> digits) {
        List<List<FinishRequest>> out = new ArrayList<>();
        for (Mix m : MIX) {
            int[] removals = model.removals(Schedule.parse(m.schedule()));
            List<FinishRequest> requests = new ArrayList<>();
            for (int i = 0; i < digits.size(); i++) {
                try (NDManager frame = model.manager().newSubManager()) {
                    TokenState s = model.blocks(model.embed(model.preprocessor().batch(frame, List.of(digits.get(i)))), 0,
                            m.splitPoint(), removals);
                    requests.add(FinishRequest.newBuilder().setModelDigest(model.digest().hex()).setFrameId(i)
                            .setSplitPoint(m.splitPoint()).addAllMerged(Arrays.stream(removals).boxed().toList())
                            .setSchedule(m.schedule()).setTopK(1).setTokens(TokenPayloads.encode(s, TensorCodec.FP16)).build());
                }
            }
            out.add(requests);
        }
        return out;
    }

    /** N edges, one channel each, calling back to back for {@code seconds}. */
    private Row fleet(int port, int n, List<List<FinishRequest>> payloads, double seconds) throws InterruptedException {
        List<ManagedChannel> channels = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long durationNanos = (long) (seconds * 1e9);
        for (int i = 0; i < n; i++) {
            ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
            channels.add(ch);
            Edge e = new Edge(SplitInferenceGrpc.newBlockingStub(ch), payloads.get(i % payloads.size()), (long) (settings.slaMs() * 1e6),
                    durationNanos, ready, go);
            edges.add(e);
            e.thread.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Edge e : edges) {
            e.thread.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        channels.forEach(ManagedChannel::shutdownNow);
        int ok = 0;
        int refused = 0;
        int expired = 0;
        long batchSum = 0;
        List<Double> latencies = new ArrayList<>();
        for (Edge e : edges) {
            ok += e.latencies.size();
            refused += e.refused;
            expired += e.expired;
            batchSum += e.batchSum;
            latencies.addAll(e.latencies);
        }
        return new Row("", n, ok, refused, expired, elapsed, latencies.stream().mapToDouble(Double::doubleValue).toArray(),
                ok == 0 ? 0 : (double) batchSum / ok);
    }

    /** One simulated edge: connects, waits for the start, then sends its payloads back to back. */
    private static final class Edge {
        final Thread thread;
        final List<Double> latencies = new ArrayList<>();
        int refused;
        int expired;
        long batchSum;

        Edge(SplitInferenceGrpc.SplitInferenceBlockingStub stub, List<FinishRequest> requests, long deadlineNanos, long durationNanos,
             CountDownLatch ready, CountDownLatch go) {
            thread = new Thread(() -> {
                try {
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS).withWaitForReady().profile(io.janus.wire.v1.ProfileRequest.getDefaultInstance());
                    ready.countDown();
                    go.await();
                    long end = System.nanoTime() + durationNanos;
                    for (int i = 0; System.nanoTime() < end; i++) {
                        call(stub, requests.get(i % requests.size()), deadlineNanos);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "janus-bench-edge");
            thread.setDaemon(true);
        }

        private void call(SplitInferenceGrpc.SplitInferenceBlockingStub stub, FinishRequest r, long deadlineNanos) {
            long t0 = System.nanoTime();
            try {
                FinishReply reply = stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS).finish(r);
                latencies.add((System.nanoTime() - t0) / 1e6);
                batchSum += Math.max(1, reply.getBatchSize());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    refused++;
                    // A real edge now finishes the frame on its device; this one idles until the frame's deadline.
                    long left = deadlineNanos - (System.nanoTime() - t0);
                    if (left > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(left);
                    }
                } else if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    expired++;
                } else {
                    throw e;
                }
            }
        }
    }
}
