package io.janus.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config FILE}: a Java properties file whose keys are long option names without dashes
 * ({@code port=50051}); flags on the command line override it. Picocli applies defaults before it sees
 * {@code --config}, so the command is parsed again with the file as its default provider.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * Runs a fresh instance of the command with defaults from {@code file}.
     *
     * @param spec  the spec of the command as first parsed
     * @param fresh makes a new instance of the command, marked so that it does not re-run itself
     */
    static int rerun(CommandSpec spec, Path file, Supplier<Callable<Integer>> fresh) {
        Properties props = load(file);
        for (String key : unknownKeys(spec, props)) {
            spec.commandLine().getErr().println("janus " + spec.name() + ": --config " + file + ": ignoring unknown key '"
                    + key + "' (keys are long option names without dashes)");
        }
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int at = args.indexOf(spec.name());
        String[] own = args.subList(at + 1, args.size()).toArray(String[]::new);
        return withDefaults(fresh.get(), props).execute(own);
    }

    /** The keys of {@code props} that name no option of the command. */
    static Set<String> unknownKeys(CommandSpec spec, Properties props) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            known.add(o.longestName().replaceFirst("^-+", ""));
        }
        Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
        unknown.removeAll(known);
        return unknown;
    }

    /** A command line for {@code command} whose option defaults come from {@code props}. */
    static CommandLine withDefaults(Object command, Properties props) {
        return new CommandLine(command)
                .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(props))
                .setExecutionExceptionHandler(new UserErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    static Properties load(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--config " + file + ": no such readable file");
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("--config " + file + ": " + e.getMessage(), e);
        }
        return props;
    }
}
