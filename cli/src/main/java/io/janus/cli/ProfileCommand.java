package io.janus.cli;

import io.janus.model.VitModel;
import io.janus.profile.LatencyProfile;
import io.janus.profile.Profiler;
import io.janus.profile.Profiles;
import io.janus.profile.VitStageTimer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./janus profile}: measures the model's per-stage latency on this machine and writes the profile the
 * scheduler reads; or, with {@code --from}, scales an existing profile to emulate a slower device.
 */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = "Measure per-block latency (a·tokens + b, with R²), embed and head; write the JSON profile.")
final class ProfileCommand implements Callable<Integer> {

    /** Below this R² a block's line explains its timings poorly. */
    private static final double POOR_FIT = 0.9;

    @Mixin
    ModelOptions model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Profile to write (JSON).")
    Path out;

    @Option(names = "--from", paramLabel = "FILE", description = "Scale this profile instead of measuring.")
    Path from;

    @Option(names = "--scale", defaultValue = "1",
            description = "Multiply every time, to emulate a slower device; the profile says so (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--warmup", defaultValue = "" + Profiler.DEFAULT_WARMUP, description = "Discarded runs per point (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "" + Profiler.DEFAULT_RUNS, description = "Timed runs per point; the median is kept (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--points", defaultValue = "" + Profiler.DEFAULT_POINTS,
            description = "Token counts per block, from all tokens down to ~5%% of the patches (default: ${DEFAULT-VALUE}).")
    int points;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Launcher.computeThreads(); // measure with the threads the runtimes compute with, or the profile misleads them
        LatencyProfile profile = from != null ? Profiles.read(from) : measure();
        if (scale != 1) {
            profile = profile.scaled(scale);
        }
        Profiles.write(profile, out);
        print(spec.commandLine().getOut(), profile);
        return 0;
    }

    private LatencyProfile measure() {
        Profiler profiler = new Profiler(warmup, runs, points, Clock.systemUTC());
        try (VitModel m = model.load(); VitStageTimer timer = new VitStageTimer(m)) {
            return profiler.measure(timer);
        }
    }

    private void print(PrintWriter w, LatencyProfile p) {
        int full = p.geometry().fullTokens();
        w.printf(Locale.ROOT, "profile of %s: %s%n", p.model().digest(), p.summary());
        w.printf(Locale.ROOT, "embed %.3f ms, head %.3f ms%n", p.embedMs(), p.headMs());
        w.println("block   a (ms/token)     b (ms)      R²   ms@" + full + "   MLP stage ms@" + full);
        for (LatencyProfile.BlockLatency b : p.blocks()) {
            w.printf(Locale.ROOT, "%5d   %12.6f  %9.4f  %6.4f  %7.3f   %s%n", b.block(), b.a(), b.b(), b.r2(), b.ms(full),
                    b.mlp() == null ? "-" : String.format(Locale.ROOT, "%7.3f", b.mlp().ms(full)));
        }
        if (p.merge() != null) {
            w.printf(Locale.ROOT, "merge step: %.6f ms/token + %.4f ms (R² %.4f), %.3f ms@%d%n", p.merge().a(), p.merge().b(),
                    p.merge().r2(), p.merge().ms(full), full);
        }
        long poor = p.blocks().stream().filter(b -> b.r2() < POOR_FIT).count();
        if (poor > 0) {
            w.printf(Locale.ROOT, "warning: %d of %d blocks fit with R² < %.1f: the timings were noisy (a busy machine?);"
                    + " measure again on a quiet machine or with more --runs%n", poor, p.blocks().size(), POOR_FIT);
        }
        w.println("written to " + out);
        w.flush();
    }
}
