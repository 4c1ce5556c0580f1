package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.testing.ProjectFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code ./janus bench e2e --trace}: bad flags are refused with a message naming them, before anything starts. */
class BenchE2eCommandTest {

    private record Run(int exit, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        var cli = Janus.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    private static String trace() {
        return ProjectFiles.bundledTrace("solis-wifi-static-1.csv").toString();
    }

    @Test
    void refusesANonPositiveDuration() {
        Run r = run("bench", "e2e", "--trace", trace(), "--duration", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--duration 0.0: must be > 0 seconds");
    }

    @Test
    void refusesASlowdownBelowOne() {
        Run r = run("bench", "e2e", "--trace", trace(), "--slowdown", "0.5");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--slowdown 0.5: must be >= 1");
    }

    @Test
    void refusesACloudProfileWithoutAnEdgeProfile() {
        Run r = run("bench", "e2e", "--trace", trace(), "--cloud-profile", "cloud.json");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--cloud-profile needs --edge-profile");
    }
}
