package io.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A short demo run: both runtimes start, frames flow, one line per second and a summary are printed. */
class DemoCommandIT {

    @Test
    void shortDemoPrintsOneLinePerSecondAndASummary() {
        System.setProperty("janus.home", ProjectFiles.root().toString());
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Janus.commandLine().execute("demo", "--duration", "4", "--digits", "20", "--sla-ms", "2000");
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        stdout.print(out);
        assertThat(code).isZero();
        assertThat(out).contains("EMULATED uplink: solis-wifi-static-1.csv", "EMULATED edge", "frames/s", "summary:");
        assertThat(out).as("the scheduler decides by default").contains("scheduler (", "with the cloud's profile fetched over gRPC");
        assertThat(out.lines().filter(l -> l.matches("\\s+\\d+s\\s+.*"))).hasSize(4);
        assertThat(out).containsPattern("summary: [1-9]\\d* frames");
        assertThat(out).contains("top-1 accuracy");
    }
}
