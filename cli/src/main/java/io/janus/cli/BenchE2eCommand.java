package io.janus.cli;

import io.janus.bench.EndToEndBenchmark;
import io.janus.bench.TraceBenchmark;
import io.janus.bench.link.KernelLink;
import io.janus.bench.link.LinkRun;
import io.janus.bench.link.TraceReplay;
import io.janus.bench.sim.Scenarios;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiles;
import io.janus.schedule.Schedule;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./janus bench e2e}: edge + cloud over loopback gRPC, per split point and codec; or, with {@code --trace},
 * the runtimes under Janus's scheduler on an emulated uplink, measured against the simulator's prediction.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end split inference over loopback gRPC (no link emulation): frames/s and the latency",
            "breakdown per split point and codec, encode + gRPC cost, and peak memory of each runtime.",
            "With --trace: the real edge and cloud runtimes under the scheduler on the emulated uplink, frames back to",
            "back, measured side by side with what ./janus simulate --scenario demo predicts for the same run."})
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

    @Option(names = "--trace", paramLabel = "CSV",
            description = "Measured vs simulated mode: emulate this uplink trace (time_s,uplink_mbps) and simulate it too.")
    Path trace;

    @Option(names = "--duration", defaultValue = "60", description = "--trace: seconds of frames back to back (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--edge-profile", paramLabel = "FILE",
            description = "--trace: the edge's latency profile (./janus profile); default: measured in this run.")
    Path edgeProfile;

    @Option(names = "--cloud-profile", paramLabel = "FILE",
            description = "--trace: the cloud's latency profile; default: the edge's (both runtimes run on this machine).")
    Path cloudProfile;

    @Option(names = "--sla-ms", description = "--trace: latency budget per frame (default: the demo scenario's, 50).")
    Double slaMs;

    @Option(names = "--rtt-ms", description = "--trace: emulated and simulated RTT (default: the paper's for the technology "
            + "in the trace's file name: lte 42.2, 5g 17.05, wifi 2.3 ms).")
    Double rttMs;

    @Option(names = "--slowdown", defaultValue = "1",
            description = "--trace: stretch edge compute by X; the simulator's edge profile is scaled by X (default ${DEFAULT-VALUE}).")
    double slowdown;

    @Option(names = "--codec", defaultValue = "fp16", description = "--trace: token codec (default ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--bandwidth-prior-mbps", defaultValue = "" + io.janus.plan.BandwidthEstimator.DEFAULT_PRIOR_MBPS,
            description = "--trace: bandwidth estimate before the first transfer, runtime and simulator (default ${DEFAULT-VALUE}).")
    double priorMbps;

    @Option(names = "--accuracy", defaultValue = "fixtures/accuracy.json", paramLabel = "FILE",
            description = "--trace: accuracy per α, orders the scheduler's rates (default ${DEFAULT-VALUE}).")
    Path accuracy;

    @Option(names = "--frame-bytes", defaultValue = "784",
            description = "--trace: frame size the scheduler and the simulator assume at split 0 (default ${DEFAULT-VALUE}).")
    long frameBytes;

    @Option(names = "--frames-csv", paramLabel = "FILE",
            description = "--trace: write every measured frame (decision, stages, the edge's estimates before it) as CSV.")
    Path framesCsv;

    @Option(names = "--link", defaultValue = "emulated", paramLabel = "emulated|kernel",
            description = {"--trace: how the uplink is made (default ${DEFAULT-VALUE}): emulated in the edge runtime over loopback,"
                + " or kernel: edge and cloud in two network namespaces joined by a veth shaped by tc tbf at each trace step",
                "(needs root, ip and tc; the RTT is still added by the edge runtime)."})
    String link;

    @Option(names = "--loss", defaultValue = "0", description = "--link kernel: random loss ratio of the uplink, e.g. 0.02 (default ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--outage", paramLabel = "START:SECONDS",
            description = "--link kernel: take the link down SECONDS long, START seconds into the measurement (repeatable).")
    List<String> outages = new ArrayList<>();

    @Option(names = "--warm-up-calls", defaultValue = "3000",
            description = "--trace: back-to-back gRPC calls before the loopback cost is measured (default ${DEFAULT-VALUE}).")
    int warmUpCalls;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "--trace: draw the measured run (link rate, the edge's estimate, split point, α over time) as a PNG.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        Launcher.computeThreads();
        if (!link.equals("emulated") && !link.equals("kernel")) {
            throw new IllegalArgumentException("--link '" + link + "': expected emulated or kernel");
        }
        if (link.equals("kernel") && trace == null) {
            throw new IllegalArgumentException("--link kernel needs --trace FILE");
        }
        if (link.equals("emulated") && (loss != 0 || !outages.isEmpty())) {
            throw new IllegalArgumentException("--loss and --outage need --link kernel");
        }
        if (link.equals("kernel") && KernelLink.fromEnvironment() == null) {
            // Run this same command again inside a new link (the edge's namespace); the link is removed afterwards.
            return LinkRun.run(1000, loss, LinkRun.thisCommandLine());
        }
        if (trace != null) {
            return measuredVsSimulated();
        }
        new EndToEndBenchmark(new EndToEndBenchmark.Settings(model == null ? Launcher.model() : model,
                Launcher.home().resolve("data/mnist-test.safetensors"), splits,
                codecs.stream().map(TensorCodec::parse).toList(), frameCodecs.stream().map(FrameCodec::parse).toList(),
                Schedule.parse(schedule), frames, cloudMain()), System.out).run();
        return 0;
    }

    private int measuredVsSimulated() throws Exception {
        if (!(duration > 0) || Double.isInfinite(duration)) {
            throw new IllegalArgumentException("--duration " + duration + ": must be > 0 seconds");
        }
        if (!(slowdown >= 1)) {
            throw new IllegalArgumentException("--slowdown " + slowdown + ": must be >= 1 (1 = this machine's speed)");
        }
        if (rttMs != null && !(rttMs >= 0)) {
            throw new IllegalArgumentException("--rtt-ms " + rttMs + ": must be >= 0");
        }
        if (edgeProfile == null && cloudProfile != null) {
            throw new IllegalArgumentException("--cloud-profile needs --edge-profile (without both, one profile is measured here)");
        }
        new TraceBenchmark(new TraceBenchmark.Settings(model == null ? Launcher.model() : model,
                Launcher.home().resolve("data/mnist-test.safetensors"), Launcher.resolve(trace), profile(edgeProfile),
                profile(cloudProfile), Launcher.resolve(accuracy), duration, slaMs == null ? Scenarios.DEMO_SLA_MS : slaMs,
                rttMs, slowdown, TensorCodec.parse(codec), priorMbps, frameBytes, cloudMain(), framesCsv,
                link.equals("kernel") ? KernelLink.fromEnvironment() : null, outages.stream().map(TraceReplay.Outage::parse).toList(),
                loss, warmUpCalls, plot), System.out).run();
        return 0;
    }

    private static LatencyProfile profile(Path file) throws java.io.IOException {
        return file == null ? null : Profiles.read(Launcher.resolve(file));
    }

    /** The java command line that starts the cloud in its own process, or null for this process. */
    private List<String> cloudMain() {
        if (inProcessCloud) {
            return null;
        }
        return Launcher.childJvm(List.of("-Dai.djl.offline=true", "-Djanus.home=" + Launcher.home()));
    }
}
