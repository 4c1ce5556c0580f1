package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.model.LabelledImages;
import io.janus.model.RawImage;
import io.janus.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's commands as a user runs them: output and exit codes. */
class JanusCliTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cli = Janus.commandLine();
            cli.setOut(new java.io.PrintWriter(System.out, true));
            cli.setErr(new java.io.PrintWriter(System.err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static String model() {
        return ProjectFiles.model().toString();
    }

    @Test
    void childJvmsRunTheRootCommand() {
        assertThat(Launcher.MAIN_CLASS).isEqualTo(Janus.class.getName());
        assertThat(Launcher.childJvm(java.util.List.of("-Dx=1"))).endsWith("-Dx=1", "-cp", System.getProperty("java.class.path"),
                Janus.class.getName());
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("check", "eval", "predict", "bench");
    }

    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        for (String[] command : new String[][] {{"check"}, {"eval"}, {"predict"}, {"demo"}, {"cloud"}, {"edge"},
            {"plan"}, {"profile"}, {"simulate"}, {"bench", "model"}, {"bench", "scheduler"}, {"bench", "e2e"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out() + r.err()).as(String.join(" ", args)).contains("Usage: janus").doesNotContain("WARN");
        }
    }

    @Test
    void checkPassesOnTheReferenceAndFailsBelowFloatPrecision() {
        String ref = ProjectFiles.fixture("parity.safetensors").toString();
        Run ok = run("check", "--model", model(), "--reference", ref);
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("exp0.25.split6 cloud", "23 checked, 0 failed");
        Run strict = run("check", "--model", model(), "--reference", ref, "--tolerance", "1e-9");
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out()).contains("FAIL");
    }

    @Test
    void checkNamesAnUnusableReferenceFile() throws IOException {
        Path bogus = Files.write(tmp.resolve("ref.safetensors"), new byte[] {9, 9, 9});
        Run r = run("check", "--model", model(), "--reference", bogus.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("ref.safetensors: not a safetensors file");
    }

    @Test
    void evalPrintsAccuracyPerSchedule() {
        Run r = run("eval", "--model", model(), "--data", ProjectFiles.digits().toString(), "--limit", "50",
                "--schedule", "none", "--schedule", "exp:0.25");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("none +accuracy 100\\.00% \\(50/50\\)")
                .contains("exp:0.25", "tokens after last block 8");
    }

    @Test
    void predictPrintsTopFiveAndReportsCorruptImagesWithoutStopping() throws IOException {
        RawImage digit = LabelledImages.open(ProjectFiles.digits()).image(0);
        int label = LabelledImages.open(ProjectFiles.digits()).label(0);
        Path png = tmp.resolve("digit.png");
        ImageIO.write(digit.toBufferedImage(), "png", png.toFile());
        Path corrupt = Files.write(tmp.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});

        Run r = run("predict", "--model", model(), "--schedule", "exp:0.1", corrupt.toString(), png.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("corrupt.png").contains("image:");
        String[] lines = r.out().substring(r.out().indexOf("digit.png:")).strip().split("\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[1].strip()).startsWith(Integer.toString(label));
    }

    @Test
    void badSchedulesAndMissingModelsAreOneClearLine() {
        Run bad = run("eval", "--model", model(), "--schedule", "exp:2", "--limit", "1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("schedule exp:2.0: the declining rate must be in [0, 1)").doesNotContain("at io.janus");
        Run missing = run("predict", "--model", tmp.resolve("none").toString(), "x.png");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("model folder not found");
    }
}
