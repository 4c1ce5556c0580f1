package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.profile.Profiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchSchedulerCommandTest {

    @Test
    void printsEveryCaseAndEndsWithTheViTLargeMedian(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = Janus.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("bench", "scheduler", "--iterations", "2000", "--warmup", "100", "--write-profiles",
                dir.toString());
        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("scheduler median_us=\\d+\\.\\d{3}");
        assertThat(out.toString()).contains("ViT-L@384 24 blocks, fine:5", "vit-tiny-mnist 12 blocks");
        // ViT-L@384, fine:5: 13 rates (α 0 … 0.12 leave ≥ 29 of 576 patches) × 14 candidate splits.
        assertThat(lines.get(lines.size() - 2)).matches("ViT-L@384 24 blocks, fine:5\\s+13\\s+14\\s.*");
        assertThat(Profiles.read(dir.resolve("vit-l-384-edge.json")).geometry().depth()).isEqualTo(24);
    }
}
