package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.profile.Profiles;
import io.janus.testing.ProjectFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./janus simulate} as a user runs it. */
class SimulateCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Janus.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String trace() {
        return ProjectFiles.bundledTrace("solis-wifi-static-1.csv").toString();
    }

    @Test
    void paperScenarioPrintsTheTableAndWritesCsvAndPlots() {
        Run r = run("simulate", "--trace", trace(), "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("scenario paper-vitl384", "RTT 2.30 ms",
                "| solis-wifi-static-1 | device-only |", "| solis-wifi-static-1 | janus |",
                "| solis-wifi-static-1 | oracle |", "janus ≤ baselines");
        assertThat(tmp.resolve("summary.csv")).exists();
        assertThat(tmp.resolve("frames-solis-wifi-static-1.csv")).exists();
        assertThat(tmp.resolve("fig8-solis-wifi-static-1.png")).isNotEmptyFile();
        assertThat(tmp.resolve("fig9.png")).isNotEmptyFile();
    }

    @Test
    void sameInputsGiveTheSameTable() {
        String first = table(run("simulate", "--trace", trace(), "--no-plots", "--out", tmp.resolve("a").toString()));
        String second = table(run("simulate", "--trace", trace(), "--no-plots", "--out", tmp.resolve("b").toString()));
        assertThat(first).contains("| janus |").isEqualTo(second);
    }

    @Test
    void demoScenarioReadsTheProfilesAndReportsAccuracy() throws IOException {
        ModelGeometry g = ModelGeometry.VIT_TINY_MNIST;
        Path edge = tmp.resolve("edge.json");
        Path cloud = tmp.resolve("cloud.json");
        Profiles.write(LatencyProfile.synthetic(g, "edge", 1, 0.02, 0.3, 0.1), edge);
        Profiles.write(LatencyProfile.synthetic(g, "cloud", 0.2, 0.002, 0.1, 0.05), cloud);
        Run r = run("simulate", "--scenario", "demo", "--edge-profile", edge.toString(), "--cloud-profile",
                cloud.toString(), "--trace", trace(), "--no-plots", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("scenario demo", "| solis-wifi-static-1 | janus |", "98.50%");
    }

    @Test
    void demoWithoutProfilesSaysWhatIsMissing() {
        Run r = run("simulate", "--scenario", "demo", "--trace", trace(), "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--edge-profile", "./janus profile");
    }

    @Test
    void aMalformedTraceIsNamed() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "time_s,uplink_mbps\n0,fast\n");
        Run r = run("simulate", "--trace", bad.toString(), "--no-plots", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv line 2", "not a number");
    }

    private static String table(Run r) {
        return r.out().lines().filter(l -> l.startsWith("|")).reduce("", (a, b) -> a + b + "\n");
    }
}
