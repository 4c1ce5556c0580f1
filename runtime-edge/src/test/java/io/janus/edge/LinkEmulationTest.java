package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.trace.BandwidthTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkEmulationTest {

    @TempDir
    Path dir;

    private BandwidthTrace trace(String csv) throws IOException {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, csv);
        return BandwidthTrace.load(p);
    }

    @Test
    void emulatedLinkQueuesTransfersAndAddsTheRtt() throws IOException {
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
}
