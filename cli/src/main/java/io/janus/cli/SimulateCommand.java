package io.janus.cli;

import io.janus.bench.sim.Arrivals;
import io.janus.bench.sim.Evaluation;
import io.janus.bench.sim.Plots;
import io.janus.bench.sim.Report;
import io.janus.bench.sim.Scenario;
import io.janus.bench.sim.Scenarios;
import io.janus.plan.AccuracyProfile;
import io.janus.plan.Scheduler;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiles;
import io.janus.trace.BandwidthTrace;
import io.janus.wire.TensorCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./janus simulate}: replays bandwidth traces through device-only, cloud-only, mixed, janus and the oracle,
 * and prints the paper's metrics; writes CSV files and the paper's Fig. 8 and Fig. 9 as PNG.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Trace-driven simulation of Janus against device-only, cloud-only, mixed and the oracle.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = Scenarios.PAPER,
            description = "paper-vitl384, paper-vitl384-jpeg (cloud-only frames as JPEG) or demo (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--trace", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Bandwidth trace(s), CSV time_s,uplink_mbps (several after one --trace, or repeated).")
    List<Path> traces;

    @Option(names = "--out", defaultValue = "out/simulate", paramLabel = "DIR",
            description = "Where CSV files and plots go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--arrivals", defaultValue = "closed",
            description = "closed (frames back to back, as in the paper) or camera (fixed rate, FIFO queue) (default: ${DEFAULT-VALUE}).")
    String arrivals;

    @Option(names = "--fps", defaultValue = "10", description = "Camera frame rate with --arrivals camera (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--sla-ms", description = "Latency budget per frame (default: the scenario's; 300 ms in the paper).")
    Double slaMs;

    @Option(names = "--rtt-ms", description = "Round-trip time (default: the paper's measurement for the technology in the "
            + "trace's file name: lte 42.2, 5g 17.05, wifi 2.3 ms; else 42.2).")
    Double rttMs;

    @Option(names = "--bandwidth-prior-mbps", description = "Bandwidth estimate before the first transfer and after samples "
            + "age out (default: the scenario's, 40 Mbps).")
    Double bandwidthPriorMbps;

    /** Unset options keep the scenario's. */
    @Mixin
    SchedulerOptions scheduling = new SchedulerOptions();

    @Option(names = "--codec", defaultValue = "fp16",
            description = "How tokens travel at split points 1..L: fp32, fp16 or int8 (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--edge-profile", paramLabel = "FILE", description = "demo: the edge's latency profile (./janus profile).")
    Path edgeProfile;

    @Option(names = "--cloud-profile", paramLabel = "FILE", description = "demo: the cloud's latency profile (./janus profile).")
    Path cloudProfile;

    @Option(names = "--slowdown", defaultValue = "1",
            description = "demo: multiply the edge profile's times, to emulate a slower device (default: ${DEFAULT-VALUE}).")
    double slowdown;

    @Option(names = "--accuracy", defaultValue = "fixtures/accuracy.json", paramLabel = "FILE",
            description = "demo: accuracy per α and per ToMe r (default: ${DEFAULT-VALUE}).")
    Path accuracy;

    @Option(names = "--baseline-r", defaultValue = "8",
            description = "demo: ToMe's constant r for the baselines (default: ${DEFAULT-VALUE}; the paper's ViT-L uses 23).")
    int baselineR;

    @Option(names = "--frame-bytes", defaultValue = "784",
            description = "demo: bytes of an encoded frame sent when cloud-only (default: ${DEFAULT-VALUE}, a raw 28×28 digit).")
    long frameBytes;

    @Option(names = "--no-plots", description = "Skip the PNG plots.")
    boolean noPlots;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Scenario base = scenario();
        if (slaMs != null) {
            base = base.withSla(slaMs);
        }
        if (bandwidthPriorMbps != null) {
            base = base.withPrior(bandwidthPriorMbps);
        }
        base = base.withConfig(scheduling.applyTo(base.config()));
        Arrivals mode = switch (arrivals.trim().toLowerCase(Locale.ROOT)) {
            case "closed" -> Arrivals.closedLoop();
            case "camera" -> Arrivals.camera(fps);
            default -> throw new IllegalArgumentException("--arrivals '" + arrivals + "': expected closed or camera");
        };
        Scheduler scheduler = base.scheduler();
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "scenario %s: %s%nSLA %.1f ms, bandwidth prior %.1f Mbps, %s%n%n", base.name(),
                base.description(), base.slaMs(), base.priorMbps(), mode);

        List<Evaluation> evaluations = new ArrayList<>();
        Path dir = Launcher.resolve(out);
        for (Path file : traces) {
            Path trace = Launcher.resolve(file);
            String name = trace.getFileName().toString().replaceFirst("\\.csv$", "");
            double rtt = rttMs != null ? rttMs : Scenarios.rttForTrace(name, base.rttMs());
            Evaluation e = Evaluation.of(base.withRtt(rtt), scheduler, name, BandwidthTrace.load(trace), mode);
            printer.printf(Locale.ROOT, "%s: %.0f s, mean %.1f Mbps, RTT %.2f ms; simulated in %.0f ms%n", name,
                    e.bandwidth().period(), e.bandwidth().meanMbps(), rtt, e.elapsedMs());
            evaluations.add(e);
            Report.writeFramesCsv(e, dir.resolve("frames-" + name + ".csv"));
            if (!noPlots) {
                Plots.fig8(e, scheduler, dir.resolve("fig8-" + name + ".png"));
            }
        }
        printer.println();
        printer.print(Report.table(evaluations));
        printer.println();
        printer.print(Report.comparison(evaluations));
        Report.writeSummaryCsv(evaluations, dir.resolve("summary.csv"));
        if (!noPlots) {
            Plots.fig9(rttMs != null ? base.withRtt(rttMs) : base, scheduler, dir.resolve("fig9.png"));
        }
        printer.printf(Locale.ROOT, "%nwrote %s%n", dir);
        printer.flush();
        return 0;
    }

    private Scenario scenario() throws IOException {
        TensorCodec tokens = TensorCodec.parse(codec);
        return switch (scenario.trim().toLowerCase(Locale.ROOT)) {
            case Scenarios.PAPER -> Scenarios.paperVitL384(false, tokens);
            case Scenarios.PAPER_JPEG -> Scenarios.paperVitL384(true, tokens);
            case Scenarios.DEMO -> demo(tokens);
            default -> throw new IllegalArgumentException("--scenario '" + scenario + "': expected "
                    + Scenarios.PAPER + ", " + Scenarios.PAPER_JPEG + " or " + Scenarios.DEMO);
        };
    }

    private Scenario demo(TensorCodec tokens) throws IOException {
        if (edgeProfile == null || cloudProfile == null) {
            throw new IllegalArgumentException("--scenario demo needs --edge-profile FILE and --cloud-profile FILE "
                    + "(latency profiles of the shipped model measured on this machine by ./janus profile)");
        }
        LatencyProfile edge = Profiles.read(Launcher.resolve(edgeProfile));
        if (slowdown != 1) {
            edge = edge.scaled(slowdown);
        }
        LatencyProfile cloud = Profiles.read(Launcher.resolve(cloudProfile));
        Path accuracyFile = Launcher.resolve(accuracy);
        return Scenarios.demo(edge, cloud, AccuracyProfile.read(accuracyFile, "accuracy"), baselineR,
                Scenarios.constantAccuracy(accuracyFile, baselineR), frameBytes, tokens, Scenarios.DEMO_SLA_MS);
    }
}
