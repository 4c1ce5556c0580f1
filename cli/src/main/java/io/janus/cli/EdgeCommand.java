package io.janus.cli;

import io.janus.edge.EdgeConfig;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeServer;
import io.janus.edge.HttpLimits;
import io.janus.edge.LinkEmulation;
import io.janus.edge.SchedulerDecider;
import io.janus.edge.SchedulerFactory;
import io.janus.plan.BandwidthEstimator;
import io.janus.plan.Decider;
import io.janus.plan.SchedulerConfig;
import io.janus.model.VitModel;
import io.janus.profile.ModelGeometry;
import io.janus.profile.ProfileSource;
import io.janus.profile.Profiles;
import io.janus.wire.FrameCodec;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
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

    // Checked in call(), not by picocli: a required option is checked before the --config file is applied.
    @Option(names = "--cloud", paramLabel = "HOST:PORT", description = "The cloud runtime's gRPC address (required).")
    String cloud;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int httpPort;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address the HTTP API listens on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--workers", description = "Frames computed at once (default: the number of cores); HTTP threads never"
            + " compute frames.")
    Integer workers;

    @Option(names = "--max-queue", defaultValue = "4", description = "Frames waiting for a worker; beyond it POST /v1/infer answers 503"
            + " with Retry-After at once (default ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--sla-ms", defaultValue = "300", description = "Latency budget per frame; the cloud call's deadline is what is left of it (default ${DEFAULT-VALUE}).")
    int slaMs;

    @Mixin
    FixedDecisionOptions fixedDecision = new FixedDecisionOptions();

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

    @Option(names = "--trace-start", defaultValue = "0", paramLabel = "S", description = "EMULATION: start the trace replay S seconds in (default ${DEFAULT-VALUE}).")
    double traceStart;

    @Option(names = "--slowdown", defaultValue = "1", description = "EMULATION: stretch edge compute by this factor, for a weaker device;"
            + " the scheduler's edge profile is scaled by it too (default ${DEFAULT-VALUE}).")
    double slowdown;

    @Option(names = "--bandwidth-window", defaultValue = "5", description = "Transfers the bandwidth estimate averages over (default ${DEFAULT-VALUE}).")
    int bandwidthWindow;

    @Option(names = "--bandwidth-prior-mbps", defaultValue = "" + BandwidthEstimator.DEFAULT_PRIOR_MBPS,
            description = "Bandwidth estimate before the first transfer (default ${DEFAULT-VALUE}).")
    double bandwidthPriorMbps;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "This edge's client certificate chain.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Its private key (PKCS#8).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA that must have signed the cloud's certificate.")
    Path tlsCa;

    @Option(names = "--plaintext", description = "Talk to the cloud without TLS (explicit opt-out).")
    boolean plaintext;

    // The scheduler decides (α, split) per frame unless --split/--schedule fix the decision.
    @Option(names = "--edge-profile", paramLabel = "JSON", description = "Scheduler: this device's latency profile (./janus profile)."
            + " Default: measured at start-up (about 10-20 s) and cached, see --profile-cache.")
    Path edgeProfile;

    @Option(names = "--profile-cache", paramLabel = "JSON", description = "Scheduler: where the measured profile is cached"
            + " (default: ${java.io.tmpdir}/janus-profiles/<model digest>-t<threads>.json).")
    Path profileCache;

    @Option(names = "--cloud-profile", paramLabel = "JSON", description = "Scheduler: use this cloud profile instead of fetching"
            + " the cloud's own over gRPC (janus.v1 Profile).")
    Path cloudProfile;

    @Option(names = "--accuracy", paramLabel = "JSON", description = "Scheduler: accuracy per α (fixtures/accuracy.json format),"
            + " orders rates by accuracy. With --min-accuracy the default is the model folder's accuracy.json.")
    Path accuracy;

    @Mixin
    SchedulerOptions scheduling = new SchedulerOptions();

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
        checkOptions();
        Launcher.computeThreads();
        EdgeConfig cfg = new EdgeConfig(model == null ? Launcher.model() : model, cloud, httpPort, bind,
                TransportSecurity.fromFlags(tlsCert, tlsKey, tlsCa, plaintext), fixedDecision.decision(codec),
                EdgeOptions.of(slaMs, FrameCodec.parse(frameCodec), LinkEmulation.of(trace, traceStart, rttMs), slowdown,
                        bandwidthWindow, bandwidthPriorMbps, topK), framesDir);
        Function<VitModel, Decider> deciders = fixedDecision.fixed() ? m -> Decider.fixed(cfg.decision()) : this::scheduler;
        HttpLimits defaults = HttpLimits.defaults();
        HttpLimits limits = defaults.withWorkers(workers == null ? defaults.workers() : workers, maxQueue);
        EdgeServer server = EdgeServer.startWith(cfg, limits, deciders, (p, r) -> { });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "janus-edge-stop"));
        stopped.await();
        return 0;
    }

    /**
     * Everything about the options that can be checked without the model or the network: --cloud given, codecs
     * known, TLS flags consistent. Run before anything starts (and by the operator contract test).
     */
    void checkOptions() {
        if (cloud == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--cloud=HOST:PORT'"
                    + " (on the command line or as cloud= in the --config file)");
        }
        TensorCodec.parse(codec);
        FrameCodec.parse(frameCodec);
        TransportSecurity.checkFlags(tlsCert, tlsKey, tlsCa, plaintext);
    }

    /** The scheduler's configuration for a model of geometry {@code g} in {@code modelDir}, from the options. */
    SchedulerConfig schedulerConfig(ModelGeometry g, Path modelDir) {
        Path profile = SchedulerFactory.accuracyProfile(accuracy, scheduling.minAccuracy != null, modelDir);
        return scheduling.applyTo(SchedulerFactory.config(g, splitGranularity, profile));
    }

    /** The scheduler over this device's profile (scaled by --slowdown), planning with the cloud's profile once known. */
    private Decider scheduler(VitModel loaded) {
        SchedulerConfig c = schedulerConfig(ModelGeometry.of(loaded.config()), model == null ? Launcher.model() : model);
        SchedulerDecider decider = SchedulerFactory.scheduler(new ProfileSource(edgeProfile, profileCache).obtain(loaded),
                slowdown, c, TensorCodec.parse(codec), frameBytes);
        if (cloudProfile != null) {
            try {
                decider.pinCloudProfile(Profiles.read(cloudProfile));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return decider;
    }
}
