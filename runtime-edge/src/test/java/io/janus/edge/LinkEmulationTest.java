package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.trace.BandwidthTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkEmulationTest {

    private static BandwidthTrace trace(String csv) {
        return BandwidthTrace.parse(csv, "t.csv");
    }

    @Test
    void emulatedLinkQueuesTransfersAndAddsTheRtt() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        LinkEmulation link = new LinkEmulation(trace("time_s,uplink_mbps\n0,8\n"), Duration.ofMillis(20), clock::get);
        // 100 kB at 8 Mbps = 0.1 s, plus 20 ms RTT.
        LinkEmulation.Transfer first = link.send(100_000);
        assertThat(first.delay()).isEqualTo(Duration.ofMillis(120));
        assertThat(first.serialization()).isEqualTo(Duration.ofMillis(100));
        // Sent at the same instant, the second transfer waits for the first one to leave the uplink.
        assertThat(link.send(100_000).delay()).isEqualTo(Duration.ofMillis(220));
        clock.addAndGet(1_000_000_000L);
        assertThat(link.send(100_000).delay()).isEqualTo(Duration.ofMillis(120));
        LinkEmulation rttOnly = new LinkEmulation(null, Duration.ofMillis(30), clock::get);
        assertThat(rttOnly.send(10_000_000).delay()).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void theFlagsEmulateNothingUnlessATraceOrAnRttIsGivenAndRefuseNegativeValuesByName(@TempDir Path dir) throws Exception {
        assertThat(LinkEmulation.of(null, 0, 0)).as("no --trace, no --rtt-ms: the real network").isNull();
        assertThat(LinkEmulation.of(null, 0, 25).rttMs()).isEqualTo(25.0);
        Path csv = Files.writeString(dir.resolve("t.csv"), "time_s,uplink_mbps\n0,8\n");
        assertThat(LinkEmulation.of(csv, 3, 0).shapesRate()).isTrue();
        assertThatThrownBy(() -> LinkEmulation.of(null, 0, -1)).hasMessageContaining("--rtt-ms -1");
        assertThatThrownBy(() -> LinkEmulation.of(csv, -2, 0)).hasMessageContaining("--trace-start -2");
    }
}
