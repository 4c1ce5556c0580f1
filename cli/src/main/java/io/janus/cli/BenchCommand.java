package io.janus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./janus bench …}: benchmarks that print numbers. Not tests. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks (print measurements; never fail on speed).",
        subcommands = {
            BenchModelCommand.class,
            BenchProfileCommand.class,
            BenchSchedulerCommand.class,
            BenchE2eCommand.class,
            BenchCloudCommand.class,
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
