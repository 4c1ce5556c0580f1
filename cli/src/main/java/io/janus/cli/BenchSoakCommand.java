package io.janus.cli;

import io.janus.bench.SoakBenchmark;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./janus bench soak}: the runtimes' resident memory over minutes of frames, and its slope. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Soak: a cloud and one edge per split point as child processes on loopback, PNG digits POSTed to",
            "each edge's /v1/infer at a fixed rate, resident memory (VmRSS) of every process sampled over time and a",
            "least-squares slope fitted after the warm-up. Last lines: cloud rss slope=<x> MB/min, edge rss slope=<x> MB/min",
            "(the steepest edge)."})
public final class BenchSoakCommand implements Callable<Integer> {

    @Option(names = "--minutes", defaultValue = "10", description = "How long frames are sent (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--rate", defaultValue = "10", description = "Frames per second to each edge (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--splits", split = ",", paramLabel = "N",
            description = "One edge per split point, schedule exp:0.1 (default: 3 and L+1, collaborative and device-only).")
    List<Integer> splits;

    @Option(names = "--warm-up-minutes",
            description = "Samples left out of the slope (default: 2, or a third of runs shorter than 6 minutes).")
    Double warmUpMinutes;

    @Option(names = "--sample-seconds", defaultValue = "10", description = "RSS sampled and a row printed every S seconds (default ${DEFAULT-VALUE}).")
    int sampleSeconds;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled vit-tiny-mnist).")
    Path model;

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0) || Double.isInfinite(minutes)) {
            throw new IllegalArgumentException("--minutes " + minutes + ": must be > 0");
        }
        if (sampleSeconds < 1) {
            throw new IllegalArgumentException("--sample-seconds " + sampleSeconds + ": must be >= 1");
        }
        double warmUp = warmUpMinutes != null ? warmUpMinutes : minutes < 6 ? minutes / 3 : 2;
        Path dir = model == null ? Launcher.model() : Launcher.resolve(model);
        new SoakBenchmark(new SoakBenchmark.Settings(dir, Launcher.home().resolve("data/mnist-test.safetensors"),
                Duration.ofMillis((long) (minutes * 60_000)), Duration.ofMillis((long) (warmUp * 60_000)), rate,
                splits == null ? List.of() : splits,
                Duration.ofSeconds(sampleSeconds), janusMain()), System.out).run();
        return 0;
    }

    /**
     * The java command line that runs this launcher's main class, for the child runtimes: with this JVM's options, so
     * that {@code JANUS_JAVA_OPTS} (a heap limit, say) applies to the runtimes under test as to the launcher.
     */
    static List<String> janusMain() {
        return Launcher.childJvm(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
