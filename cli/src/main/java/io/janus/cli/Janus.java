package io.janus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./janus} launcher: one subcommand per job. */
@Command(
        name = "janus",
        mixinStandardHelpOptions = true,
        versionProvider = Janus.Version.class,
        description = "Collaborative edge-cloud Vision Transformer inference.",
        subcommands = {
            CommandLine.HelpCommand.class,
            CheckCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            BenchCommand.class,
            PlanCommand.class,
            ProfileCommand.class,
            SimulateCommand.class,
            CloudCommand.class,
            EdgeCommand.class,
            DemoCommand.class,
            LinkCommand.class,
        })
public final class Janus implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Janus())
                .setExecutionExceptionHandler(new UserErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Janus.class.getPackage().getImplementationVersion();
            return new String[] {"janus " + (v == null ? "dev" : v)};
        }
    }
}
