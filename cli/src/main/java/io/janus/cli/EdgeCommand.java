package io.janus.cli;

import io.janus.edge.Decision;
import io.janus.edge.EdgeConfig;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeServer;
import io.janus.edge.LinkEmulation;
import io.janus.schedule.Schedule;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
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
        description = {"Run the edge half of split inference: frames from POST /v1/infer or --frames-dir, the first",
            "blocks here, the rest on the cloud (device-only when the cloud is unreachable or too slow)."})
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

    // Scheduler settings: accepted now so deployments can set them; the per-frame scheduler will read them.
    @Option(names = "--min-accuracy", description = "Scheduler: lowest acceptable accuracy (not used until the scheduler lands).")
    Double minAccuracy;

    @Option(names = "--delta-alpha", description = "Scheduler: step of the declining rate α (not used until the scheduler lands).")
    Double deltaAlpha;

    @Option(names = "--alpha-max", description = "Scheduler: largest declining rate tried (not used until the scheduler lands).")
    Double alphaMax;

    @Option(names = "--min-tokens", description = "Scheduler: fewest tokens kept (not used until the scheduler lands).")
    Integer minTokens;

    @Option(names = "--split-granularity", description = "Scheduler: candidate split point spacing (not used until the scheduler lands).")
    Integer splitGranularity;

    @Override
    public Integer call() throws InterruptedException {
        if (config != null && !configApplied) {
            return ConfigFile.rerun(spec, config, () -> {
                EdgeCommand c = new EdgeCommand();
                c.configApplied = true;
                return c;
            });
        }
        Defaults.computeThreads();
        EdgeConfig cfg = new EdgeConfig(model == null ? Defaults.model() : model, cloud, httpPort, bind,
                TransportSecurity.fromFlags(tlsCert, tlsKey, tlsCa, plaintext),
                new Decision(Schedule.parse(schedule), split, TensorCodec.parse(codec)),
                options(slaMs, frameCodec, trace, rttMs, slowdown, bandwidthWindow, bandwidthPriorMbps, topK), framesDir);
        EdgeServer server = EdgeServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "janus-edge-stop"));
        stopped.await();
        return 0;
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
