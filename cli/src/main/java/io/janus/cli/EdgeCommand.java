package io.janus.cli;

import io.janus.edge.Decider;
import io.janus.edge.Decision;
import io.janus.edge.EdgeConfig;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeServer;
import io.janus.edge.LinkEmulation;
import io.janus.edge.SchedulerDecider;
import io.janus.plan.AccuracyProfile;
import io.janus.plan.CandidateSplits;
import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.profile.Profiles;
import io.janus.schedule.Schedule;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./janus edge}: the edge runtime, taking frames over HTTP or from a folder. */
@Command(name = "edge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the edge half of split inference (frames over HTTP or from a folder).",
            "The first blocks run here, the rest on the cloud; the device finishes a frame when the cloud is",
            "unreachable or too slow."})
public final class EdgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    private boolean configApplied;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of defaults: keys are long option names without dashes.")
    Path config;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder, the same weights as the cloud's. Default: the bundled vit-tiny-mnist.")
    Path model;

    @Option(names = "--cloud", required = true, paramLabel = "HOST:PORT", description = "The cloud runtime's gRPC address.")
    String cloud;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int httpPort;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address the HTTP API listens on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--sla-ms", defaultValue = "300", description = "Latency budget per frame; the cloud call's deadline is what is left of it (default ${DEFAULT-VALUE}).")
    int slaMs;

    @Option(names = "--split", defaultValue = "3", paramLabel = "N",
            description = "Split point: 0 = cloud-only, 1..L = edge runs blocks [0, N), L+1 = device-only (default ${DEFAULT-VALUE}).")
    int split;

    @Option(names = "--schedule", defaultValue = "exp:0.1", paramLabel = "SPEC",
            description = "Merging schedule: none, const:R, exp:ALPHA (declining rate) or list:r1,r2,... (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--codec", defaultValue = "fp16", description = "Token codec: fp32, fp16 or int8 (default ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--frame-codec", defaultValue = "lossless", description = "Frame codec at split 0: lossless or jpeg:Q (default ${DEFAULT-VALUE}).")
    String frameCodec;

    @Option(names = "--frames-dir", paramLabel = "DIR", description = "Process the PNG/JPEG images of this folder in a loop.")
    Path framesDir;

    @Option(names = "--top-k", defaultValue = "5", description = "Labels per answer (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--trace", paramLabel = "CSV", description = "EMULATION: replay this uplink trace (time_s,uplink_mbps) on every transfer.")
    Path trace;

    @Option(names = "--rtt-ms", defaultValue = "0", description = "EMULATION: add this round-trip time to every transfer (default ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--slowdown", defaultValue = "1", description = "EMULATION: stretch edge compute by this factor, for a weaker device (default ${DEFAULT-VALUE}).")
    double slowdown;

    @Option(names = "--bandwidth-window", defaultValue = "5", description = "Transfers the bandwidth estimate averages over (default ${DEFAULT-VALUE}).")
    int bandwidthWindow;

    @Option(names = "--bandwidth-prior-mbps", defaultValue = "10", description = "Bandwidth estimate before the first transfer (default ${DEFAULT-VALUE}).")
    double bandwidthPriorMbps;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "This edge's client certificate chain.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Its private key (PKCS#8).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA that must have signed the cloud's certificate.")
    Path tlsCa;

    @Option(names = "--plaintext", description = "Talk to the cloud without TLS (explicit opt-out).")
    boolean plaintext;

    // The scheduler decides (α, split) per frame when both latency profiles are given; otherwise --split/--schedule.
    @Option(names = "--edge-profile", paramLabel = "JSON", description = "Latency profile of this device (./janus profile); with --cloud-profile enables the scheduler.")
    Path edgeProfile;

    @Option(names = "--cloud-profile", paramLabel = "JSON", description = "Latency profile of the cloud; with --edge-profile enables the scheduler.")
    Path cloudProfile;

    @Option(names = "--accuracy", paramLabel = "JSON", description = "Scheduler: accuracy per α (fixtures/accuracy.json format), orders rates by accuracy.")
    Path accuracy;

    @Option(names = "--min-accuracy", description = "Scheduler: never choose a rate below this accuracy (needs --accuracy).")
    Double minAccuracy;

    @Option(names = "--delta-alpha", description = "Scheduler: step of the declining rate α (default 0.01).")
    Double deltaAlpha;

    @Option(names = "--alpha-max", description = "Scheduler: largest declining rate tried (default 0.5).")
    Double alphaMax;

    @Option(names = "--min-tokens", description = "Scheduler: patch tokens that must remain after the last block (default 5%% of the patches).")
    Integer minTokens;

    @Option(names = "--split-granularity", description = "Scheduler: fine-to-coarse candidate split points, K (default 5).")
    Integer splitGranularity;

    @Option(names = "--frame-bytes", defaultValue = "784", description = "Scheduler: frame size assumed at split 0 (default ${DEFAULT-VALUE}).")
    long frameBytes;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (config != null && !configApplied) {
            return ConfigFile.rerun(spec, config, () -> {
                EdgeCommand c = new EdgeCommand();
                c.configApplied = true;
                return c;
            });
        }
        Launcher.computeThreads();
        EdgeConfig cfg = new EdgeConfig(model == null ? Launcher.model() : model, cloud, httpPort, bind,
                TransportSecurity.fromFlags(tlsCert, tlsKey, tlsCa, plaintext),
                new Decision(Schedule.parse(schedule), split, TensorCodec.parse(codec)),
                options(slaMs, frameCodec, trace, rttMs, slowdown, bandwidthWindow, bandwidthPriorMbps, topK), framesDir);
        EdgeServer server = EdgeServer.start(cfg, decider(cfg.decision().codec()), (p, r) -> { });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "janus-edge-stop"));
        stopped.await();
        return 0;
    }

    /** The scheduler when both profiles are given, else the fixed decision from the flags. */
    private Decider decider(TensorCodec tokenCodec) throws IOException {
        if (edgeProfile == null && cloudProfile == null) {
            return Decider.fixed(new Decision(Schedule.parse(schedule), split, tokenCodec));
        }
        if (edgeProfile == null || cloudProfile == null) {
            throw new IllegalArgumentException("the scheduler needs both --edge-profile and --cloud-profile");
        }
        LatencyProfile edge = Profiles.read(edgeProfile);
        edge = slowdown == 1 ? edge : edge.scaled(slowdown);
        LatencyProfile cloudLatency = Profiles.read(cloudProfile);
        ModelGeometry g = edge.geometry();
        SchedulerConfig c = SchedulerConfig.defaults(g);
        c = deltaAlpha == null ? c : c.withAlphaStep(deltaAlpha);
        c = alphaMax == null ? c : c.withMaxAlpha(alphaMax);
        c = minTokens == null ? c : c.withMinTokens(minTokens);
        c = splitGranularity == null ? c : c.withSplits(CandidateSplits.fineToCoarse(g.depth(), splitGranularity));
        if (accuracy != null) {
            c = c.withAccuracy(AccuracyProfile.read(accuracy, "accuracy"), minAccuracy == null ? 0 : minAccuracy);
        } else if (minAccuracy != null) {
            throw new IllegalArgumentException("--min-accuracy needs --accuracy FILE");
        }
        TokenPayloadModel payload = new TokenPayloadModel(TokenPayloadModel.Codec.parse(tokenCodec.cliName()), g.dim(), frameBytes);
        return new SchedulerDecider(new Scheduler(edge, cloudLatency, c, payload), tokenCodec);
    }

    /** The edge options from flags; link emulation only when a trace or an RTT is given. */
    static EdgeOptions options(int slaMs, String frameCodec, Path trace, double rttMs, double slowdown, int bandwidthWindow,
                               double bandwidthPriorMbps, int topK) {
        if (rttMs < 0) {
            throw new IllegalArgumentException("--rtt-ms " + rttMs + ": must be >= 0");
        }
        LinkEmulation link = trace == null && rttMs == 0 ? null : new LinkEmulation(trace == null ? null : BandwidthTrace.load(trace),
                Duration.ofNanos((long) (rttMs * 1e6)), System::nanoTime);
        EdgeOptions defaults = EdgeOptions.defaults(slaMs);
        return new EdgeOptions(slaMs, FrameCodec.parse(frameCodec), link, slowdown, bandwidthWindow, bandwidthPriorMbps, topK,
                defaults.breakerThreshold(), defaults.probeInterval());
    }
}
