package io.janus.cli;

import io.janus.bench.EndToEndBenchmark;
import io.janus.schedule.Schedule;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./janus bench e2e}: edge + cloud over loopback gRPC, per split point and codec. */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end split inference over loopback gRPC (no link emulation): frames/s and the latency",
            "breakdown per split point and codec, encode + gRPC cost, and peak memory of each runtime."})
public final class BenchE2eCommand implements Callable<Integer> {

    @Option(names = "--splits", defaultValue = "0,1,3,6,12,13", split = ",", description = "Split points (default ${DEFAULT-VALUE}).")
    int[] splits;

    @Option(names = "--codecs", defaultValue = "fp32,fp16,int8", split = ",", description = "Token codecs (default ${DEFAULT-VALUE}).")
    List<String> codecs;

    @Option(names = "--frame-codecs", defaultValue = "lossless,jpeg:90", split = ",", description = "Frame codecs at split 0 (default ${DEFAULT-VALUE}).")
    List<String> frameCodecs;

    @Option(names = "--schedule", defaultValue = "exp:0.1", description = "Merging schedule (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--frames", defaultValue = "100", description = "Measured frames per row, after 10 warm-up frames (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--in-process-cloud", description = "Run the cloud in this process (no separate memory figure).")
    boolean inProcessCloud;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled vit-tiny-mnist).")
    Path model;

    @Override
    public Integer call() throws Exception {
        Launcher.computeThreads();
        List<String> cloudMain = null;
        if (!inProcessCloud) {
            String java = ProcessHandle.current().info().command().orElse("java");
            cloudMain = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Djanus.home=" + Launcher.home(),
                    "-cp", System.getProperty("java.class.path"), Janus.class.getName()));
        }
        new EndToEndBenchmark(new EndToEndBenchmark.Settings(model == null ? Launcher.model() : model,
                Launcher.home().resolve("data/mnist-test.safetensors"), splits,
                codecs.stream().map(TensorCodec::parse).toList(), frameCodecs.stream().map(FrameCodec::parse).toList(),
                Schedule.parse(schedule), frames, cloudMain), System.out).run();
        return 0;
    }
}
