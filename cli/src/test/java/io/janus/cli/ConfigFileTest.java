package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

class ConfigFileTest {

    /** Records what it was run with. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        static final List<String> RUNS = new ArrayList<>();
        @Spec
        CommandSpec spec;
        boolean applied;
        @Option(names = "--config")
        Path config;
        @Option(names = "--port", defaultValue = "50051")
        int port;
        @Option(names = "--sla-ms", defaultValue = "300")
        int slaMs;
        @Option(names = "--plaintext")
        boolean plaintext;

        @Override
        public Integer call() {
            if (config != null && !applied) {
                return ConfigFile.rerun(spec, config, () -> {
                    Probe p = new Probe();
                    p.applied = true;
                    return p;
                });
            }
            RUNS.add(port + " " + slaMs + " " + plaintext);
            return 0;
        }
    }

    @Test
    void fileSetsDefaultsAndFlagsOverrideThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runtime.properties");
        Files.writeString(file, "# written by the operator\nport=6000\nsla-ms=120\nplaintext=true\nslams=1\n");
        StringWriter err = new StringWriter();
        Probe.RUNS.clear();
        int code = new CommandLine(new Probe()).setErr(new PrintWriter(err, true))
                .execute("--config", file.toString(), "--port", "7000");
        assertThat(code).isZero();
        assertThat(Probe.RUNS).containsExactly("7000 120 true");
        assertThat(err.toString()).contains("ignoring unknown key 'slams'");
    }

    @Test
    void missingFileIsAnErrorNamingIt(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Probe()).setErr(new PrintWriter(err, true)).setExecutionExceptionHandler(new UserErrors())
                .execute("--config", dir.resolve("absent.properties").toString());
        assertThat(code).isEqualTo(UserErrors.USAGE_OR_INPUT_ERROR);
        assertThat(err.toString()).contains("absent.properties: no such readable file");
    }
}
