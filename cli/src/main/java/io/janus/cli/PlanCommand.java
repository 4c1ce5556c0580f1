package io.janus.cli;

import io.janus.plan.AccuracyProfile;
import io.janus.plan.CandidateSplits;
import io.janus.plan.Decision;
import io.janus.plan.Scheduler;
import io.janus.plan.SchedulerConfig;
import io.janus.plan.TokenPayloadModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.profile.Profiles;
import io.janus.wire.TensorCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./janus plan}: the scheduler's decision for one network condition, explained: the rates it tried,
 * and at the chosen rate every candidate split with its predicted device, transfer and cloud times.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Explain the scheduler's decision (declining rate α and split point) for a bandwidth, RTT and SLA.")
public final class PlanCommand implements Callable<Integer> {

    @Option(names = "--edge-profile", required = true, description = "Latency profile of the edge device (JSON).")
    Path edgeProfile;

    @Option(names = "--cloud-profile", required = true, description = "Latency profile of the cloud (JSON).")
    Path cloudProfile;

    @Option(names = "--bandwidth-mbps", required = true, description = "Uplink bandwidth estimate, Mbps.")
    double bandwidthMbps;

    @Option(names = "--rtt-ms", required = true, description = "Round-trip time, ms.")
    double rttMs;

    @Option(names = "--sla-ms", required = true, description = "End-to-end latency budget per frame, ms.")
    double slaMs;

    @Option(names = "--codec", defaultValue = "fp32", description = "Token encoding on the wire: fp32, fp16 or int8 (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--frame-bytes", defaultValue = "784",
            description = "Encoded frame size sent when cloud-only (default: ${DEFAULT-VALUE}, a raw 28×28 digit).")
    long frameBytes;

    @Option(names = "--slowdown", defaultValue = "1",
            description = "Multiply the edge profile's times, to emulate a slower device (default: ${DEFAULT-VALUE}).")
    double slowdown;

    @Option(names = "--splits", defaultValue = "fine:5", description = "Candidate split points: fine:K or all (default: ${DEFAULT-VALUE}).")
    String splits;

    @Mixin
    SchedulerOptions scheduling = new SchedulerOptions();

    @Option(names = "--accuracy", description = "Accuracy per α (fixtures/accuracy.json format); orders rates by accuracy.")
    Path accuracy;

    @Option(names = "--accuracy-metric", defaultValue = "accuracy",
            description = "Column of the accuracy file to use (default: ${DEFAULT-VALUE}).")
    String accuracyMetric;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LatencyProfile edge = Profiles.read(edgeProfile);
        if (slowdown != 1) {
            edge = edge.scaled(slowdown);
        }
        LatencyProfile cloud = Profiles.read(cloudProfile);
        ModelGeometry g = edge.geometry();
        TokenPayloadModel payload = new TokenPayloadModel(TensorCodec.parse(codec), g.dim(), frameBytes);
        Scheduler scheduler = new Scheduler(edge, cloud, config(g), payload);
        Decision decision = scheduler.decide(bandwidthMbps, rttMs, slaMs);

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "edge profile:  %s%n", edge.summary());
        out.printf(Locale.ROOT, "cloud profile: %s%n", cloud.summary());
        out.printf(Locale.ROOT, "model:         %s, %d blocks, %d patch + %d prefix tokens, dim %d%n",
                edge.model().digest(), g.depth(), g.patchTokens(), g.prefixTokens(), g.dim());
        out.printf(Locale.ROOT, "network:       %.3f Mbps, RTT %.1f ms; SLA %.1f ms%n", bandwidthMbps, rttMs, slaMs);
        out.printf(Locale.ROOT, "payload:       %s%n", payload);
        double[] rates = scheduler.rates();
        out.printf(Locale.ROOT, "candidates:    splits %s %s; %d rates%n", scheduler.splits().spec(),
                Arrays.toString(scheduler.splits().points()), rates.length);
        out.println();
        out.println("decision: " + decision.summary());
        out.println();
        printRates(out, scheduler.bestPerRate(bandwidthMbps, rttMs, slaMs), decision);
        out.println();
        printSplits(out, scheduler.splitsAt(decision.alpha(), bandwidthMbps, rttMs, slaMs), decision);
        return 0;
    }

    private SchedulerConfig config(ModelGeometry g) throws IOException {
        SchedulerConfig c = SchedulerConfig.defaults(g).withSplits(CandidateSplits.parse(splits, g.depth()));
        if (accuracy != null) {
            c = c.withAccuracy(AccuracyProfile.read(accuracy, accuracyMetric), 0);
        }
        return scheduling.applyTo(c);
    }

    /** Each rate's best split in decision order, up to the chosen rate (or all when the SLA cannot be met). */
    private static void printRates(PrintWriter out, List<Decision> bestPerRate, Decision decision) {
        out.println("rates in decision order (most accurate first), best split of each:");
        out.println("      α  accuracy  split  mode            predicted ms  SLA");
        for (Decision d : bestPerRate) {
            boolean chosen = d.choice() == decision.choice();
            out.printf(Locale.ROOT, "  %5.2f  %8s  %5d  %-14s  %12.2f  %-6s%s%n", d.alpha(), accuracy(d),
                    d.splitPoint(), mode(d), d.predictedMs(), d.meetsSla() ? "met" : "missed",
                    chosen ? "  <- chosen" : "");
            if (chosen && decision.meetsSla()) {
                out.println("  (the first rate whose best split meets the SLA; later rates are not considered)");
                return;
            }
        }
        if (!decision.meetsSla()) {
            out.println("  (no rate meets the SLA: the fastest choice overall)");
        }
    }

    private static void printSplits(PrintWriter out, List<Decision> splits, Decision decision) {
        out.printf(Locale.ROOT, "candidate splits at α=%.2f (%s):%n", decision.alpha(), decision.schedule());
        out.println("  split  mode            tokens  payload B  device ms  transfer ms  rtt ms  cloud ms  total ms");
        for (Decision d : splits) {
            out.printf(Locale.ROOT, "  %5d  %-14s  %6s  %9d  %9.2f  %11.2f  %6.1f  %8.2f  %8.2f%s%n",
                    d.splitPoint(), mode(d), d.choice().tokensAtSplit() == 0 ? "-" : d.choice().tokensAtSplit(),
                    d.payloadBytes(), d.edgeMs(), d.transferMs(), d.networkRttMs(), d.cloudMs(), d.predictedMs(),
                    d.choice() == decision.choice() ? "  <- chosen" : "");
        }
    }

    private static String mode(Decision d) {
        return d.choice().mode().label();
    }

    private static String accuracy(Decision d) {
        double a = d.choice().accuracy();
        return Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.4f", a);
    }
}
