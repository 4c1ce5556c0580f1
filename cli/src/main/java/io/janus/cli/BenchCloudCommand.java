package io.janus.cli;

import io.janus.bench.CloudBenchmark;
import io.janus.cloud.QueueConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./janus bench cloud}: a fleet of simulated edges against one cloud, unbatched and batched. */
@Command(name = "cloud", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N simulated edges (real gRPC clients, one connection each) send token payloads computed by the edge",
            "half at a mix of split points and declining rates, back to back, to one cloud in its own JVM, run once with",
            "--max-batch 1 and once batched. Prints frames/s and p50/p95/p99 per N; last line:",
            "batching speedup at 16 edges = <x>x"})
public final class BenchCloudCommand implements Callable<Integer> {

    @Option(names = "--edges", defaultValue = "1,4,16,64", split = ",", description = "Fleet sizes (default ${DEFAULT-VALUE}).")
    int[] edges;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per fleet size and mode (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--sla-ms", defaultValue = "300", description = "The SLA: every call's deadline, in ms (default ${DEFAULT-VALUE}, the edge's default --sla-ms).")
    double slaMs;

    @Option(names = "--max-batch", defaultValue = "" + QueueConfig.DEFAULT_MAX_BATCH,
            description = "The batched run's cloud --max-batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-batch-wait-ms", defaultValue = "" + QueueConfig.DEFAULT_MAX_BATCH_WAIT_MS,
            description = "The batched run's cloud --max-batch-wait-ms (default ${DEFAULT-VALUE}).")
    long maxBatchWaitMs;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled vit-tiny-mnist).")
    Path model;

    @Override
    public Integer call() throws Exception {
        Launcher.computeThreads();
        for (int n : edges) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("--edges " + n + ": each fleet size must be in [1, 1024]");
            }
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("--seconds " + seconds + ": must be > 0");
        }
        if (!(slaMs > 0) || Double.isInfinite(slaMs)) {
            throw new IllegalArgumentException("--sla-ms " + slaMs + ": must be > 0");
        }
        new CloudBenchmark(new CloudBenchmark.Settings(model == null ? Launcher.model() : model,
                Launcher.home().resolve("data/mnist-test.safetensors"), edges, seconds, slaMs, maxBatch, maxBatchWaitMs,
                cloudMain()), System.out).run();
        return 0;
    }

    /** The java command line that starts ./janus in its own process. */
    private static List<String> cloudMain() {
        return Launcher.childJvm(List.of("-Dai.djl.offline=true", "-Djanus.home=" + Launcher.home()));
    }
}
