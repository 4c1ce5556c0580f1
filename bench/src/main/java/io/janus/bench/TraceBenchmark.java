package io.janus.bench;

import io.janus.bench.link.DelayRelay;
import io.janus.bench.link.KernelLink;
import io.janus.bench.link.TraceReplay;
import io.janus.bench.sim.MeasuredCosts;
import io.janus.bench.sim.Metrics;
import io.janus.bench.sim.Policies;
import io.janus.bench.sim.Policy;
import io.janus.bench.sim.Run;
import io.janus.bench.sim.Scenario;
import io.janus.bench.sim.Scenarios;
import io.janus.bench.sim.Simulator;
import io.janus.edge.CloudClient;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeRuntime;
import io.janus.edge.FrameResult;
import io.janus.edge.LinkEmulation;
import io.janus.edge.SchedulerDecider;
import io.janus.model.LabelledImages;
import io.janus.model.RawImage;
import io.janus.model.VitModel;
import io.janus.plan.AccuracyProfile;
import io.janus.plan.Choice;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiler;
import io.janus.profile.VitStageTimer;
import io.janus.schedule.Schedule;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.LoopbackPorts;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Measured, not only simulated: the real edge and cloud runtimes over loopback gRPC, the edge's uplink emulated from
 * a bandwidth trace, frames back to back for a bounded time under Janus's scheduler; and, side by side, what the
 * simulator predicts for the same trace, profiles, scheduler, SLA, RTT and duration. The edge runtime, the simulator
 * and the scheduler both use are the project's own; nothing is re-implemented here.
 */
public final class TraceBenchmark {

    /** Warm-up decisions: every code path (frame, tokens at a few splits, device-only) before the clock starts. */
    private static final int[] WARM_UP_SPLITS = {0, 1, 3, 6, 12, 13};
    private static final int WARM_UP_FRAMES = 4;
    private static final double WINDOW_S = 10;
    private static final int LOOPBACK_CALLS = 21;
    /** Calls (1 s each at most) the edge may take to reach the cloud before the measured run. */
    private static final int CONNECT_TRIES = 10;
    /** How far over its deadline a timed-out call is taken to have run, in the replay (see censored). */
    private static final double CENSORED_EXCESS = 1.05;

    /**
     * @param model         model folder
     * @param digits        the shipped digits (safetensors with images and labels)
     * @param trace         uplink trace to emulate and simulate
     * @param edgeProfile   the edge's latency profile; null measures one in this run (then also the cloud's)
     * @param cloudProfile  the cloud's latency profile; null uses the edge profile measured here (same machine)
     * @param accuracy      accuracy per α (fixtures/accuracy.json), orders the scheduler's rates
     * @param seconds       how long frames are started back to back
     * @param slaMs         latency budget per frame
     * @param rttMs         emulated and simulated RTT; null takes the paper's for the technology in the trace's name
     * @param slowdown      edge compute stretched by this factor in the runtime, the edge profile scaled by it
     * @param codec         token codec at split points 1..L
     * @param priorMbps     bandwidth estimate before the first transfer, in the runtime and the simulator
     * @param frameBytes    frame size the scheduler and the simulator assume at split 0
     * @param cloudMain     java command line starting the cloud in its own process, or null for this process
     * @param framesCsv     where to write every measured frame with the edge's estimates before it, or null
     * @param kernel        the kernel-shaped link this process runs inside (the edge's namespace), or null to emulate
     *                      the uplink in the edge runtime over loopback
     * @param outages       windows (from the start of the measurement) when the kernel link is down
     * @param lossRatio     the kernel link's random loss, as configured when it was made (for the report)
     * @param warmUpCalls   back-to-back gRPC calls before the loopback cost is measured (fewer: a quicker, noisier run)
     * @param plot          where to draw the measured run as a Fig. 8-style PNG (link, estimate, split, α), or null
     */
    public record Settings(Path model, Path digits, Path trace, LatencyProfile edgeProfile, LatencyProfile cloudProfile,
                           Path accuracy, double seconds, double slaMs, Double rttMs, double slowdown, TensorCodec codec,
                           double priorMbps, long frameBytes, List<String> cloudMain, Path framesCsv, KernelLink kernel,
                           List<TraceReplay.Outage> outages, double lossRatio, int warmUpCalls, Path plot) {

        public Settings {
            if (kernel == null && !outages.isEmpty()) {
                throw new IllegalArgumentException("--outage needs --link kernel");
            }
            if (kernel != null && cloudMain == null) {
                throw new IllegalArgumentException("--link kernel runs the cloud in its own namespace: drop --in-process-cloud");
            }
        }
    }

    /** The rate the kernel link runs at outside the measurement (warm-up, loopback cost): fast enough not to matter. */
    private static final double UNSHAPED_MBPS = 1000;
    /** The cloud's port inside its own namespace (nothing else listens there). */
    private static final int KERNEL_CLOUD_PORT = 50051;

    /** The outcome: both sets of metrics and how far apart they are. */
    public record Outcome(Metrics measured, Metrics simulated, PredictionError error) {}

    private final Settings settings;
    private final PrintStream out;

    public TraceBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public Outcome run() throws Exception {
        Path tracePath = settings.trace();
        String traceName = tracePath.getFileName().toString().replaceFirst("\\.csv$", "");
        BandwidthTrace trace = BandwidthTrace.load(tracePath);
        try (VitModel model = VitModel.load(settings.model())) {
            LatencyProfile measuredHere = settings.edgeProfile() == null ? profile(model) : null;
            LatencyProfile edge = settings.edgeProfile() != null ? settings.edgeProfile() : measuredHere;
            LatencyProfile cloud = settings.cloudProfile() != null ? settings.cloudProfile() : edge;
            Scenario scenario = scenario(edge, cloud, traceName);
            out.printf(Locale.ROOT, "janus bench e2e --trace %s: %.0f s, mean %.1f Mbps; %s; %.2f ms RTT (EMULATED);"
                            + " SLA %.0f ms; %.0f s closed loop; edge slowdown x%.2f; codec %s; bandwidth prior %.0f Mbps; %d cores%n",
                    traceName, trace.period(), trace.meanMbps(), linkDescription(), scenario.rttMs(), scenario.slaMs(), settings.seconds(),
                    settings.slowdown(), settings.codec().cliName(), scenario.priorMbps(),
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "profiles (%s): edge %s; cloud %s%n", measuredHere != null ? "measured in this run" : "from files",
                    scenario.edge().summary(), scenario.cloud().summary());
            warnOnThreads(edge, "edge");
            warnOnThreads(cloud, "cloud");

            LabelledImages shipped = LabelledImages.open(settings.digits());
            List<RawImage> digits = shipped.first(200);
            Measurement m = measure(model, scenario, trace, digits);
            MeasuredCosts costs = measuredCosts(scenario, trace, m.frames(), m.startS(), model.config().depth());
            out.printf(Locale.ROOT, "simulated costs: the profiles times measured/predicted of the run's frame nearest in time"
                    + " (edge: %d frames, median %.2f×; cloud: %d frames, median %.2f×) and its round trip (%d frames, median"
                    + " %.1f ms); the simulated edge plans as the real one, correcting its profiles by its frames%n",
                    costs.edge().size(), costs.edge().median(), costs.cloud().size(), costs.cloud().median(),
                    costs.rtt().size(), costs.rtt().median());
            Metrics profilesOnly = Metrics.of(traceName, simulate(scenario, trace, m.loopbackMs(), Simulator.PREDICTED));
            out.printf(Locale.ROOT, "the profiles alone (every frame as predicted): violations %.2f%%, p50 %.1f ms%n",
                    100 * profilesOnly.violationRatio(), profilesOnly.p50Ms());
            Run simulatedRun = simulate(scenario, trace, m.loopbackMs(), costs);
            Metrics simulated = Metrics.of(traceName, simulatedRun);
            Metrics measured = measuredMetrics(traceName, m.frames(), Math.max(settings.seconds(), m.seconds()), shipped,
                    digits.size());
            PredictionError error = PredictionError.of(measured, simulated);
            print(measured, simulated, m.frames(), simulatedRun);
            printWindows(m.frames(), m.startS(), simulatedRun);
            out.println("prediction error (simulated - measured): " + error);
            out.printf(Locale.ROOT, "violations measured=%.2f%% simulated=%.2f%%%n", 100 * measured.violationRatio(),
                    100 * simulated.violationRatio());
            return new Outcome(measured, simulated, error);
        }
    }

    private String linkDescription() {
        if (settings.kernel() == null) {
            return "EMULATED uplink (in the edge runtime, over loopback)";
        }
        return String.format(Locale.ROOT, "KERNEL-shaped uplink (tbf on a veth between namespaces %s and %s, rate set at each"
                        + " trace step, the RTT added by a relay in the edge's namespace%s%s)", settings.kernel().edgeNamespace(), settings.kernel().cloudNamespace(),
                settings.lossRatio() > 0 ? String.format(Locale.ROOT, ", %.1f%% random loss", 100 * settings.lossRatio()) : "",
                settings.outages().isEmpty() ? "" : ", outages " + settings.outages().stream()
                        .map(o -> String.format(Locale.ROOT, "%.0f-%.0f s", o.startS(), o.startS() + o.seconds())).toList());
    }

    /** Where the edge reaches the cloud: across the kernel link, or on loopback. */
    private String cloudHost() {
        return settings.kernel() == null ? "127.0.0.1" : KernelLink.CLOUD_ADDRESS;
    }

    /** A profile taken with another PyTorch thread count than the runtimes use here predicts other times. */
    private void warnOnThreads(LatencyProfile profile, String side) {
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads != null && !threads.equals(String.valueOf(profile.threads()))) {
            out.printf(Locale.ROOT, "warning: the %s profile was measured with %d PyTorch threads, the runtimes here use %s:"
                    + " its times do not describe this run (measure it in the run: leave out --edge-profile)%n", side,
                    profile.threads(), threads);
        }
    }

    /**
     * The measured run: frames, when each started, how long the run took, the loopback cost per call, and the median
     * measured/predicted edge time of the last frames.
     */
    private record Measurement(List<FrameResult> frames, List<Double> startS, double seconds, double loopbackMs) {}

    /** The edge's bandwidth and RTT estimates just before a frame was decided. */
    private record Estimate(double bandwidthMbps, double rttMs) {}

    /** Starts the cloud runtime, warms both up, then runs frames back to back through the edge runtime. */
    private Measurement measure(VitModel model, Scenario scenario, BandwidthTrace trace, List<RawImage> digits) throws Exception {
        int port = settings.kernel() == null ? LoopbackPorts.free() : KERNEL_CLOUD_PORT;
        String host = cloudHost();
        if (settings.kernel() != null) {
            settings.kernel().rate(UNSHAPED_MBPS);
        }
        List<FrameResult> frames = new ArrayList<>();
        List<Double> startS = new ArrayList<>();
        List<Estimate> estimates = new ArrayList<>();
        double loopbackMs;
        String loadBefore;
        long t0;
        try (RuntimeProcess cloud = RuntimeProcess.cloud(settings.cloudMain(), settings.model(), host, port, List.of(),
                settings.kernel() == null ? c -> c : settings.kernel()::inCloud)) {
            out.printf(Locale.ROOT, "cloud runtime %s on %s:%d; warming up (%d back-to-back calls, then every split)%n",
                    cloud.describe(), host, port, settings.warmUpCalls());
            warmUp(model, host, port, digits);
            loopbackMs = loopbackOverheadMs(model, host, port, digits);
            loadBefore = loadAverage();
            out.printf(Locale.ROOT, "measuring for %.0f s ...%n", settings.seconds());
            t0 = System.nanoTime();
            runFrames(model, host, port, scenario, trace, digits, frames, startS, estimates);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "machine load average (1 min) before / after the measurement: %s / %s (%d cores)%n",
                loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
        TraceReplay link = new TraceReplay(trace, settings.outages(), r -> { });
        if (settings.framesCsv() != null) {
            writeFrames(frames, startS, estimates, link);
        }
        if (settings.plot() != null) {
            plot(frames, startS, estimates, link, model.config().depth());
        }
        return new Measurement(frames, startS, seconds, loopbackMs);
    }

    /**
     * The simulator's closed loop over the same duration. A measured round trip is the emulated RTT plus the loopback
     * gRPC stack, so the simulator's RTT is both.
     */
    private Run simulate(Scenario scenario, BandwidthTrace trace, double loopbackMs, Simulator.Costs costs) {
        double rtt = scenario.rttMs() + loopbackMs;
        if (costs == Simulator.PREDICTED) {
            out.printf(Locale.ROOT, "loopback gRPC overhead per call (median of %d cloud-only calls, no emulation): %.2f ms;"
                    + " simulated RTT = %.2f ms emulated + %.2f ms = %.2f ms%n", LOOPBACK_CALLS, loopbackMs, scenario.rttMs(),
                    loopbackMs, rtt);
        }
        SchedulerDecider decider = decider(scenario);
        int depth = scenario.geometry().depth();
        // As the runtime: a frame sent whole is finished under the decider's device plan for what is left of its SLA,
        // one sent as tokens under its own schedule.
        Simulator.Deadlines deadlines = (c, leftMs) -> c.splitPoint() == 0 ? decider.onDevice(rtt, leftMs).choice()
                : MeasuredCosts.predicted(scenario, c.schedule(), depth + 1);
        return new Simulator(trace, rtt, scenario.priorMbps(), scenario.slaMs()).withCosts(costs).withDeadlines(deadlines)
                .closedLoop(new Policy(Policies.JANUS, decider), settings.seconds());
    }

    /**
     * Measured over predicted compute, against {@code scenario}'s profiles: the edge's share of every frame (its blocks
     * when the cloud finished it, the whole model when the device did) and the cloud's of every frame it finished; and
     * the round trip of every frame the cloud answered: the call less the cloud's own time and its bytes' time on the
     * traced link.
     */
    private static MeasuredCosts measuredCosts(Scenario scenario, BandwidthTrace trace, List<FrameResult> frames,
                                               List<Double> startS, int depth) {
        List<double[]> edge = new ArrayList<>();
        List<double[]> cloud = new ArrayList<>();
        List<double[]> rtt = new ArrayList<>();
        List<double[]> timedOut = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            FrameResult f = frames.get(i);
            FrameResult.Latency l = f.latency();
            double t = startS.get(i);
            Schedule ran = Schedule.parse(f.schedule());
            Choice predicted = MeasuredCosts.predicted(scenario, ran, f.plannedSplit());
            boolean cloudFinished = f.plannedSplit() <= depth && f.splitPoint() == f.plannedSplit();
            if (f.splitPoint() == depth + 1) {
                // Answered on the device (planned so, the breaker open, or a call that fell back): the whole model ran
                // there under the schedule it reports.
                Choice whole = MeasuredCosts.predicted(scenario, ran, depth + 1);
                edge.add(new double[] {t, (l.edgeComputeMs() + l.deviceMs()) / whole.edgeMs()});
            } else if (cloudFinished && f.plannedSplit() > 0) {
                edge.add(new double[] {t, l.edgeComputeMs() / predicted.edgeMs()});
            }
            double sentS = t + (l.queueMs() + l.edgeComputeMs() + l.encodeMs()) / 1000;
            double linkMs = (trace.transferEnd(sentS, f.bytesSent()) - sentS) * 1000;
            if (cloudFinished) {
                cloud.add(new double[] {t, l.cloudComputeMs() / predicted.cloudMs()});
                rtt.add(new double[] {t, Math.max(0, l.transferMs() - linkMs)});
            } else if ("DEADLINE_EXCEEDED".equals(f.fallbackReason()) && f.plannedSplit() <= depth) {
                timedOut.add(new double[] {t, l.transferMs() - linkMs});
            }
        }
        MeasuredCosts.Series cloudSeries = series(cloud);
        rtt.addAll(censored(scenario, timedOut, cloudSeries));
        rtt.sort(Comparator.comparingDouble(x -> x[0]));
        return MeasuredCosts.of(scenario, series(edge), cloudSeries, series(rtt));
    }

    /**
     * The calls that ran out of time say only that they took longer than they were given: left out, the replay would
     * draw every call's cost from the calls that made it. Each enters the round trips as what it waited beyond its
     * bytes' time on the link and a cloud-only frame's compute at the cloud's speed then, {@value #CENSORED_EXCESS}
     * times over: a call that would take as long times out again in the replay.
     */
    private static List<double[]> censored(Scenario scenario, List<double[]> timedOut, MeasuredCosts.Series cloud) {
        double cloudOnlyMs = MeasuredCosts.predicted(scenario, Schedule.none(), 0).cloudMs();
        return timedOut.stream().map(x -> new double[] {x[0],
                CENSORED_EXCESS * Math.max(0, x[1] - cloudOnlyMs * cloud.at(x[0], 1.0))}).toList();
    }

    private static MeasuredCosts.Series series(List<double[]> stamped) {
        return new MeasuredCosts.Series(stamped.stream().mapToDouble(x -> x[0]).toArray(),
                stamped.stream().mapToDouble(x -> x[1]).toArray());
    }

    /** The simulator's {@code demo} scenario on these profiles, with the run's SLA, RTT, prior and slowdown. */
    private Scenario scenario(LatencyProfile edge, LatencyProfile cloud, String traceName) throws java.io.IOException {
        LatencyProfile device = settings.slowdown() == 1 ? edge : edge.scaled(settings.slowdown());
        Scenario s = Scenarios.demo(device, cloud, AccuracyProfile.read(settings.accuracy(), "accuracy"), 8,
                Scenarios.constantAccuracy(settings.accuracy(), 8), settings.frameBytes(),
                settings.codec(), settings.slaMs());
        double rtt = settings.rttMs() != null ? settings.rttMs() : Scenarios.rttForTrace(traceName, s.rttMs());
        return s.withRtt(rtt).withPrior(settings.priorMbps());
    }

    /** {@code ./janus profile}'s measurement, on this machine, under this process's PyTorch threads. */
    private LatencyProfile profile(VitModel model) {
        out.println("measuring the latency profile of this machine (./janus profile) ...");
        try (VitStageTimer timer = new VitStageTimer(model)) {
            return Profiler.defaults().measure(timer);
        }
    }

    /**
     * JIT, PyTorch's first calls and the gRPC connection, on every path, without link emulation; the gRPC path
     * back to back first, so that the loopback overhead measured next is the steady state's, not a fresh JVM's.
     */
    private void warmUp(VitModel model, String host, int port, List<RawImage> digits) {
        CloudWarmUp.warm(model, host, port, CloudWarmUp.fullStateFp16(model), digits.get(0), settings.warmUpCalls());
        int depth = model.config().depth();
        for (int split : WARM_UP_SPLITS) {
            Decision d = new Decision(Schedule.parse("exp:0.1"), Math.min(split, depth + 1), settings.codec());
            try (EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect(host + ":" + port, TransportSecurity.plaintext()),
                    Decider.fixed(d), EdgeOptions.defaults(60_000), new PrometheusRegistry())) {
                edge.warmUp();
                for (int i = 0; i < WARM_UP_FRAMES; i++) {
                    edge.process(digits.get(i));
                }
            }
        }
    }

    /** What a call costs on loopback beyond the cloud's own time: gRPC, serialization, scheduling; the median. */
    private double loopbackOverheadMs(VitModel model, String host, int port, List<RawImage> digits) {
        Decision cloudOnly = new Decision(Schedule.none(), 0, settings.codec());
        try (EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect(host + ":" + port, TransportSecurity.plaintext()),
                Decider.fixed(cloudOnly), EdgeOptions.defaults(60_000), new PrometheusRegistry())) {
            double[] ms = new double[LOOPBACK_CALLS];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = edge.process(digits.get(i % digits.size())).latency().transferMs();
            }
            java.util.Arrays.sort(ms);
            return ms[ms.length / 2];
        }
    }

    /**
     * Frames back to back through the edge runtime under the scheduler until the duration is up, into {@code frames},
     * {@code startS} and {@code estimates}.
     */
    private void runFrames(VitModel model, String host, int port, Scenario scenario, BandwidthTrace trace, List<RawImage> digits,
                             List<FrameResult> frames, List<Double> startS, List<Estimate> estimates) {
        EdgeOptions defaults = EdgeOptions.defaults((int) Math.round(scenario.slaMs()));
        Duration rtt = Duration.ofNanos(Math.round(scenario.rttMs() * 1e6));
        // The replay starts now, when the link is created, as the simulator's starts at its first frame. On the kernel
        // link the kernel shapes the rate and a relay outside the edge adds the RTT (the kernel has no delay qdisc);
        // otherwise the edge emulates both.
        boolean kernel = settings.kernel() != null;
        LinkEmulation link = kernel ? null : new LinkEmulation(trace, rtt, System::nanoTime);
        EdgeOptions options = new EdgeOptions(defaults.slaMs(), defaults.frameCodec(), link, settings.slowdown(),
                defaults.bandwidthWindow(), scenario.priorMbps(), defaults.topK(), defaults.breakerThreshold(),
                defaults.probeInterval());
        TraceReplay replay = kernel ? new TraceReplay(trace, settings.outages(), settings.kernel()::rate) : null;
        SchedulerDecider decider = decider(scenario);
        try (DelayRelay relay = kernel ? DelayRelay.start(new InetSocketAddress(host, port), rtt.dividedBy(2)) : null;
             EdgeRuntime edge = new EdgeRuntime(model, CloudClient.connect(kernel ? "127.0.0.1:" + relay.port()
                     : host + ":" + port, TransportSecurity.plaintext()), decider, options, new PrometheusRegistry())) {
            // A deployed edge's connection is up before its frames arrive: open this one (through the relay, where
            // TCP's first SYN may meet the configured loss) before the replay starts.
            for (int i = 0; i < CONNECT_TRIES && edge.checkCloud() != null; i++) {
                out.println("the cloud did not answer the edge's first call yet; trying again");
            }
            if (replay != null) {
                replay.start(); // time 0 of the replay is the first frame's, as in the simulator
            }
            long t0 = System.nanoTime();
            long end = t0 + Math.round(settings.seconds() * 1e9);
            for (int i = 0; System.nanoTime() < end; i++) {
                startS.add((System.nanoTime() - t0) / 1e9);
                var status = edge.status();
                estimates.add(new Estimate(status.bandwidthMbps(), status.rttMs()));
                frames.add(edge.process(digits.get(i % digits.size())));
            }
        } finally {
            if (replay != null && replay.started()) {
                replay.close();
                settings.kernel().rate(UNSHAPED_MBPS);
            }
        }
    }

    private void plot(List<FrameResult> frames, List<Double> startS, List<Estimate> estimates, TraceReplay link, int depth)
            throws java.io.IOException {
        double[] t = startS.stream().mapToDouble(Double::doubleValue).toArray();
        io.janus.bench.sim.Plots.measured(settings.trace().getFileName().toString().replaceFirst("\\.csv$", ""), t,
                java.util.Arrays.stream(t).map(link::mbpsAt).toArray(), estimates.stream().mapToDouble(Estimate::bandwidthMbps).toArray(),
                frames.stream().mapToDouble(FrameResult::splitPoint).toArray(),
                frames.stream().mapToDouble(f -> f.decliningRate() == null ? 0 : f.decliningRate()).toArray(), depth, settings.plot());
        out.println("wrote " + settings.plot());
    }

    /** Every frame, with the link's rate at its start ({@code link}: the trace with the outages, not applied). */
    private void writeFrames(List<FrameResult> frames, List<Double> startS, List<Estimate> estimates, TraceReplay link)
            throws java.io.IOException {
        StringBuilder csv = new StringBuilder("frame,start_s,latency_ms,split,planned_split,alpha,mode,fallback,bytes,"
                + "edge_ms,device_ms,transfer_ms,cloud_ms,estimate_mbps,estimate_rtt_ms,link_mbps,top1\n");
        for (int i = 0; i < frames.size(); i++) {
            FrameResult f = frames.get(i);
            FrameResult.Latency l = f.latency();
            csv.append(String.format(Locale.ROOT, "%d,%.4f,%.3f,%d,%d,%s,%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d%n", i, startS.get(i),
                    l.totalMs(), f.splitPoint(), f.plannedSplit(), f.decliningRate() == null ? "" : f.decliningRate(), f.mode().statusName(),
                    f.fallbackReason() == null ? "" : f.fallbackReason(), f.bytesSent(), l.edgeComputeMs(), l.deviceMs(),
                    l.transferMs(), l.cloudDecodeMs() + l.cloudComputeMs(), estimates.get(i).bandwidthMbps(),
                    estimates.get(i).rttMs(), link.mbpsAt(startS.get(i)), f.top1()));
        }
        java.nio.file.Files.writeString(settings.framesCsv(), csv);
        out.println("wrote " + settings.framesCsv());
    }

    /** The edge's scheduler on the scenario's profiles and configuration; the cloud profile pinned, not fetched. */
    private SchedulerDecider decider(Scenario scenario) {
        SchedulerDecider decider = new SchedulerDecider(scenario.edge(), scenario.config(), scenario.payload());
        decider.pinCloudProfile(scenario.cloud());
        return decider;
    }

    /** Violation ratio per 10 s of the run, measured and simulated: shows whether misses cluster (load) or not. */
    private void printWindows(List<FrameResult> frames, List<Double> startS, Run simulated) {
        int windows = (int) Math.ceil(settings.seconds() / WINDOW_S);
        int[] measuredFrames = new int[windows];
        int[] measuredLate = new int[windows];
        for (int i = 0; i < frames.size(); i++) {
            int w = Math.min(windows - 1, (int) (startS.get(i) / WINDOW_S));
            measuredFrames[w]++;
            measuredLate[w] += frames.get(i).latency().totalMs() > settings.slaMs() ? 1 : 0;
        }
        int[] simFrames = new int[windows];
        int[] simLate = new int[windows];
        for (var f : simulated.frames()) {
            int w = Math.min(windows - 1, (int) (f.startS() / WINDOW_S));
            simFrames[w]++;
            simLate[w] += f.latencyMs() > settings.slaMs() ? 1 : 0;
        }
        StringBuilder line = new StringBuilder("violations per 10 s, measured / simulated:");
        for (int w = 0; w < windows; w++) {
            line.append(String.format(Locale.ROOT, " %.0f%%/%.0f%%", percent(measuredLate[w], measuredFrames[w]),
                    percent(simLate[w], simFrames[w])));
        }
        out.println(line);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** The 1-minute load average from /proc/loadavg, or n/a. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private Metrics measuredMetrics(String trace, List<FrameResult> frames, double seconds, LabelledImages labels, int digits) {
        return Metrics.of(trace, Policies.JANUS, frames.stream().mapToDouble(f -> f.latency().totalMs()).toArray(),
                settings.slaMs(), seconds, top1(frames, labels, digits),
                frames.stream().mapToDouble(f -> f.decliningRate() == null ? Double.NaN : f.decliningRate()).average().orElse(Double.NaN),
                frames.stream().mapToDouble(FrameResult::splitPoint).average().orElse(Double.NaN));
    }

    /** Share of frames whose top label is the digit's; frame i is digit (i mod count), frame ids start at 1. */
    private static double top1(List<FrameResult> frames, LabelledImages labels, int digits) {
        long right = frames.stream().filter(f -> f.top1() == labels.label((int) ((f.frameId() - 1) % digits))).count();
        return right / (double) frames.size();
    }

    private void print(Metrics measured, Metrics simulated, List<FrameResult> frames, Run simulatedRun) {
        out.println();
        out.println("            frames  frames/s  violations  deviation  mean alpha  mean split   p50 ms   p95 ms  accuracy");
        row("measured", measured, "top-1");
        row("simulated", simulated, "expected");
        out.println();
        long fellBack = frames.stream().filter(f -> f.fallbackReason() != null).count();
        out.printf(Locale.ROOT, "measured, mean ms per frame: edge %.2f, device (finishing) %.2f, encode %.2f, transfer (emulated link"
                        + " + RTT + gRPC) %.2f, cloud decode %.2f, cloud %.2f; %d of %d frames fell back to the device%n",
                mean(frames, f -> f.latency().edgeComputeMs()), mean(frames, f -> f.latency().deviceMs()),
                mean(frames, f -> f.latency().encodeMs()), mean(frames, f -> f.latency().transferMs()),
                mean(frames, f -> f.latency().cloudDecodeMs()), mean(frames, f -> f.latency().cloudComputeMs()),
                fellBack, frames.size());
        var sim = simulatedRun.frames();
        out.printf(Locale.ROOT, "simulated, mean ms per frame: edge (incl. device-only) %.2f, device (finishing) %.2f, transfer %.2f,"
                        + " RTT %.2f, cloud %.2f; %d of %d frames fell back to the device%n",
                sim.stream().mapToDouble(f -> f.service().edgeMs()).average().orElse(0),
                sim.stream().mapToDouble(f -> f.service().deviceMs()).average().orElse(0),
                sim.stream().mapToDouble(f -> f.service().transferMs()).average().orElse(0),
                sim.stream().mapToDouble(f -> f.service().rttMs()).average().orElse(0),
                sim.stream().mapToDouble(f -> f.service().cloudMs()).average().orElse(0),
                sim.stream().filter(f -> f.service().fellBack()).count(), sim.size());
    }

    private void row(String source, Metrics m, String accuracyKind) {
        out.printf(Locale.ROOT, "%-10s  %6d  %8.2f  %9.2f%%  %+8.1f%%  %10s  %10.2f  %7.1f  %7.1f  %s%n", source, m.frames(),
                m.throughputFps(), 100 * m.violationRatio(), 100 * m.deviationRate(),
                Double.isNaN(m.meanAlpha()) ? "n/a" : String.format(Locale.ROOT, "%.3f", m.meanAlpha()), m.meanSplit(),
                m.p50Ms(), m.p95Ms(), Double.isNaN(m.accuracy()) ? "n/a"
                        : String.format(Locale.ROOT, "%.1f%% (%s)", 100 * m.accuracy(), accuracyKind));
    }

    private static double mean(List<FrameResult> r, ToDoubleFunction<FrameResult> f) {
        return r.stream().mapToDouble(f).average().orElse(0);
    }
}
