package io.janus.cli;

import io.janus.bench.SchedulerBenchmark;
import io.janus.bench.SchedulerBenchmark.Case;
import io.janus.plan.CandidateSplits;
import io.janus.profile.ModelGeometry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./janus bench scheduler}: how long one decision takes, for the paper's ViT-L@384 geometry and the
 * shipped model. The last line is {@code scheduler median_us=<value>} for ViT-L@384 with fine-to-coarse splits.
 */
@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        description = "Decision time of the scheduler (synthetic profiles; see docs/scheduler.md).")
public final class BenchSchedulerCommand implements Runnable {

    @Option(names = "--iterations", defaultValue = "200000", description = "Timed decisions per case (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "100000", description = "Untimed decisions first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        int depth = ModelGeometry.VIT_L_384.depth();
        int defaultMinTokens = (int) Math.ceil(0.05 * ModelGeometry.VIT_L_384.patchTokens());
        Case headline = Case.vitLarge(CandidateSplits.fineToCoarse(depth, 5), defaultMinTokens,
                "ViT-L@384 24 blocks, fine:5");
        List<Case> cases = List.of(
                Case.vitLarge(CandidateSplits.all(depth), defaultMinTokens, "ViT-L@384 24 blocks, all splits"),
                Case.vitLarge(CandidateSplits.fineToCoarse(depth, 5), 1, "ViT-L@384 24 blocks, fine:5, α to 0.5"),
                Case.vitTiny(),
                headline);
        SchedulerBenchmark bench = new SchedulerBenchmark(warmup, iterations, seed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "scheduler decision time, %d timed decisions per case after %d warm-up (µs)%n",
                iterations, warmup);
        out.printf(Locale.ROOT, "%-40s %6s %6s %9s %9s %15s%n", "case", "rates", "splits", "median", "p99",
                "full-scan median");
        SchedulerBenchmark.Result last = null;
        for (Case c : cases) {
            last = bench.run(c);
            out.printf(Locale.ROOT, "%-40s %6d %6d %9.3f %9.3f %15.3f%n", last.name(), last.rates(), last.splits(),
                    last.medianUs(), last.p99Us(), last.fullScanMedianUs());
        }
        out.printf(Locale.ROOT, "scheduler median_us=%.3f%n", last.medianUs());
        out.flush();
    }
}
