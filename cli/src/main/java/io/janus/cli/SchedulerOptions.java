package io.janus.cli;

import io.janus.plan.SchedulerConfig;
import picocli.CommandLine.Option;

/**
 * The scheduler's knobs, one name per concept for {@code edge}, {@code demo}, {@code plan}, {@code simulate} and
 * {@code bench e2e}; the operator writes the same names as keys of the edge's {@code --config} file. Unset options
 * keep the command's own defaults ({@link SchedulerConfig#defaults}, or a simulation scenario's).
 */
final class SchedulerOptions {

    @Option(names = "--delta-alpha", description = "Scheduler: step Δα of the declining rate (default 0.01).")
    Double deltaAlpha;

    @Option(names = "--alpha-max", description = "Scheduler: largest declining rate tried (default 0.5).")
    Double alphaMax;

    @Option(names = "--min-tokens", description = "Scheduler: patch tokens that must remain after the last block"
            + " (default 5%% of the patches).")
    Integer minTokens;

    @Option(names = "--min-accuracy", description = "Scheduler: never choose a rate below this accuracy (needs an accuracy"
            + " profile: --accuracy FILE, or accuracy.json in the model folder).")
    Double minAccuracy;

    /** {@code c} with the options that were given; the floor applies to {@code c}'s accuracy profile. */
    SchedulerConfig applyTo(SchedulerConfig c) {
        c = deltaAlpha == null ? c : c.withAlphaStep(deltaAlpha);
        c = alphaMax == null ? c : c.withMaxAlpha(alphaMax);
        c = minTokens == null ? c : c.withMinTokens(minTokens);
        if (minAccuracy != null) {
            if (c.accuracy() == null) {
                throw new IllegalArgumentException("--min-accuracy " + minAccuracy + " needs an accuracy profile:"
                        + " --accuracy FILE, or accuracy.json in the model folder");
            }
            c = c.withAccuracy(c.accuracy(), minAccuracy);
        }
        return c;
    }
}
