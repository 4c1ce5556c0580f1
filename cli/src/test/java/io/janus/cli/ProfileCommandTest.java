package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.profile.Profiles;
import io.janus.testing.ProjectFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProfileCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int janus(String... args) {
        CommandLine cli = Janus.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void measuresTheModelAndWritesAProfileThePlannerReads() throws IOException {
        Path file = dir.resolve("edge.json");
        assertThat(janus("profile", "--model", ProjectFiles.model().toString(), "--out", file.toString(),
                "--warmup", "0", "--runs", "1", "--points", "2")).isZero();
        LatencyProfile p = Profiles.read(file);
        assertThat(p.geometry()).isEqualTo(ModelGeometry.VIT_TINY_MNIST);
        assertThat(p.emulation()).isNull();
        assertThat(out.toString()).contains("block   a (ms/token)", "MLP stage ms@197", "merge step: ", "written to " + file);
        assertThat(p.merge()).isNotNull();
        assertThat(p.blocks()).allSatisfy(b -> assertThat(b.mlp()).isNotNull());

        assertThat(janus("plan", "--edge-profile", file.toString(), "--cloud-profile", file.toString(),
                "--bandwidth-mbps", "10", "--rtt-ms", "10", "--sla-ms", "100")).isZero();
        assertThat(out.toString()).contains("decision: α=");
    }

    @Test
    void scalesAProfileToEmulateASlowerDevice() throws IOException {
        Path measured = dir.resolve("laptop.json");
        LatencyProfile laptop = LatencyProfile.synthetic(ModelGeometry.VIT_TINY_MNIST, "laptop", 1, 0.01, 0.2, 0.1);
        Profiles.write(laptop, measured);
        Path emulated = dir.resolve("jetson.json");
        assertThat(janus("profile", "--from", measured.toString(), "--scale", "8", "--out", emulated.toString()))
                .isZero();
        LatencyProfile p = Profiles.read(emulated);
        assertThat(p.emulation().scale()).isEqualTo(8.0);
        assertThat(p.blockMs(0, 197, 150)).isCloseTo(8 * laptop.blockMs(0, 197, 150), within(1e-9));
        assertThat(out.toString()).contains("emulated");
    }

    @Test
    void aMissingModelIsOneClearLine() {
        assertThat(janus("profile", "--model", dir.resolve("nope").toString(), "--out", dir.resolve("p.json").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("model folder not found");
    }
}
