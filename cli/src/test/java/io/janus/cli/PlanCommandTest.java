package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.profile.Profiles;
import io.janus.testing.ProjectFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlanCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void profiles() throws IOException {
        ModelGeometry g = ModelGeometry.VIT_TINY_MNIST;
        Profiles.write(LatencyProfile.synthetic(g, "edge", 1.0, 0.02, 0.3, 0.1), dir.resolve("edge.json"));
        Profiles.write(LatencyProfile.synthetic(g, "cloud", 0.2, 0.002, 0.1, 0.05), dir.resolve("cloud.json"));
    }

    private int plan(String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", "--edge-profile", dir.resolve("edge.json").toString(),
                "--cloud-profile", dir.resolve("cloud.json").toString()));
        args.addAll(List.of(extra));
        CommandLine cli = Janus.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void explainsTheDecisionAndEveryCandidateSplit() {
        assertThat(plan("--bandwidth-mbps", "0.05", "--rtt-ms", "20", "--sla-ms", "40", "--codec", "fp16")).isZero();
        String text = out.toString();
        // 0.05 Mbps: the frame alone takes 166 ms, so the device must meet 40 ms by merging.
        assertThat(text).contains("decision: α=0.", "device-only", "met");
        assertThat(text).contains("<- chosen").contains("(the first rate whose best split meets the SLA");
        // One row per candidate split of fine:5 on 12 blocks: 0 1 2 3 4 5 6 8 10 12 13.
        String table = text.substring(text.indexOf("candidate splits at"));
        assertThat(table.lines().filter(l -> l.matches("\\s+\\d+\\s+(cloud-only|collaborative|device-only).*")))
                .hasSize(11);
        assertThat(text).contains("payload:       fp16 tokens × 192");
    }

    @Test
    void anUnmeetableSlaShowsEveryRateAndTheFastestChoice() {
        assertThat(plan("--bandwidth-mbps", "5", "--rtt-ms", "20", "--sla-ms", "1", "--splits", "all")).isZero();
        assertThat(out.toString()).contains("missed", "(no rate meets the SLA: the fastest choice overall)");
    }

    @Test
    void anAccuracyProfileIsShownAndItsFloorApplied() {
        assertThat(plan("--bandwidth-mbps", "50", "--rtt-ms", "5", "--sla-ms", "100",
                "--accuracy", ProjectFiles.fixture("accuracy.json").toString(), "--min-accuracy", "0.98")).isZero();
        assertThat(out.toString()).contains("0.9850");
    }

    @Test
    void badInputIsOneClearLine() {
        assertThat(plan("--bandwidth-mbps", "-3", "--rtt-ms", "5", "--sla-ms", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("bandwidth must be >= 0 Mbps, got -3.0");
        assertThat(plan("--bandwidth-mbps", "3", "--rtt-ms", "5", "--sla-ms", "100", "--codec", "bf16")).isEqualTo(2);
        assertThat(err.toString()).contains("codec 'bf16': expected fp32, fp16 or int8");
        List<String> missing = List.of("plan", "--edge-profile", dir.resolve("nope.json").toString(), "--cloud-profile",
                dir.resolve("cloud.json").toString(), "--bandwidth-mbps", "3", "--rtt-ms", "5", "--sla-ms", "100");
        CommandLine cli = Janus.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(missing.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains("nope.json: no such profile file");
    }
}
