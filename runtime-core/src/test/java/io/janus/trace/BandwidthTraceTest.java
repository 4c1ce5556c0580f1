package io.janus.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.janus.testing.ProjectFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BandwidthTraceTest {

    @TempDir
    Path dir;

    private static BandwidthTrace trace(String csv) {
        return BandwidthTrace.parse(csv, "t.csv");
    }

    @Test
    void transferFlowsThroughEachBinAtThatBinsRate() {
        BandwidthTrace t = trace("time_s,uplink_mbps\n0,8\n1,1\n2,16\n");
        // 1.5 MB = 12 Mb: 8 Mb in second 0, 1 Mb in second 1, the remaining 3 Mb at 16 Mbps.
        assertThat(t.transferEnd(0, 1_500_000)).isCloseTo(2 + 3.0 / 16, within(1e-9));
        // Starting half-way through second 0: 4 Mb there, then 1, then 7 at 16 Mbps.
        assertThat(t.transferEnd(0.5, 1_500_000)).isCloseTo(2 + 7.0 / 16, within(1e-9));
        // The replay loops: 3 s period, so second 3 is second 0 again.
        assertThat(t.period()).isEqualTo(3);
        assertThat(t.transferEnd(3, 1_000_000)).isCloseTo(4, within(1e-9));
        assertThat(t.meanMbps()).isCloseTo(25.0 / 3, within(1e-9));
    }

    @Test
    void zeroRateBinsStallTheTransfer() {
        BandwidthTrace t = trace("time_s,uplink_mbps\n0,0\n1,0\n2,8\n");
        assertThat(t.transferEnd(0, 1000)).isCloseTo(2 + 8e-3 / 8, within(1e-9));
    }

    @Test
    void malformedTracesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> trace("time_s,uplink_mbps\n0,5\n0,6\n")).hasMessageContaining("line 3").hasMessageContaining("increase");
        assertThatThrownBy(() -> trace("time_s,uplink_mbps\n0,abc\n")).hasMessageContaining("line 2").hasMessageContaining("not a number");
        assertThatThrownBy(() -> trace("time_s,uplink_mbps\n0,-1\n")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> trace("time_s,uplink_mbps\n0,0\n")).hasMessageContaining("no bin with a positive");
        assertThatThrownBy(() -> BandwidthTrace.load(dir.resolve("missing.csv"))).hasMessageContaining("missing.csv");
    }

    @Test
    void bundledSolisTraceLoads() {
        BandwidthTrace t = BandwidthTrace.load(ProjectFiles.bundledTrace("solis-wifi-static-1.csv"));
        assertThat(t.period()).isEqualTo(199);
        assertThat(t.meanMbps()).isCloseTo(8.7, within(0.1));
    }
}
