package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.janus.plan.BandwidthEstimator;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class UplinkProberTest {

    /** An uplink of {@code mbps} and {@code rttMs} for probes; NaN while down. */
    private static final class TestingLink implements Uplink {
        volatile double mbps;
        final double rttMs;
        final List<Integer> probes = new ArrayList<>();

        TestingLink(double mbps, double rttMs) {
            this.mbps = mbps;
            this.rttMs = rttMs;
        }

        @Override
        public synchronized Probe probeTransfer(int paddingBytes, Duration timeout) {
            probes.add(paddingBytes);
            return mbps == 0 ? Probe.FAILED : new Probe(rttMs + paddingBytes * 8 / (mbps * 1000), Double.NaN);
        }

        @Override
        public Shipment ship(FinishRequest request, Duration budget) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProfileReply profile(Duration budget) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean probe(Duration timeout) {
            return mbps > 0;
        }

        @Override
        public String target() {
            return "testing:1";
        }


        @Override
        public void close() {
        }
    }

    @Test
    void aProbePairMeasuresTheLinksRateAndRttNotTheRoundTripAsBandwidth() {
        TestingLink link = new TestingLink(8, 40);
        BandwidthEstimator bandwidth = new BandwidthEstimator(5, 0.5, 0);
        try (UplinkProber prober = new UplinkProber(link, bandwidth, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime)) {
            assertThat(prober.probeNow()).isTrue();
            // 12 KiB in 40 ms + 12.3 ms would read as 1.9 Mbps; the pair's difference is the link's 8 Mbps.
            assertThat(bandwidth.estimateMbps()).isCloseTo(8.0, Offset.offset(1e-6));
            assertThat(bandwidth.rttMs()).isCloseTo(40.0, Offset.offset(1e-6));
            assertThat(link.probes).containsExactly(0, UplinkProber.PADDING_BYTES);
        }
    }

    @Test
    void aFailedProbeRecordsNothing() {
        TestingLink link = new TestingLink(0, 40);
        BandwidthEstimator bandwidth = new BandwidthEstimator(5, 20, 0);
        try (UplinkProber prober = new UplinkProber(link, bandwidth, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime)) {
            assertThat(prober.probeNow()).isFalse();
            assertThat(bandwidth.transfers()).isZero();
            assertThat(bandwidth.estimateMbps()).isEqualTo(20.0);
        }
    }

    @Test
    void backgroundProbesAreAtMostOnePerInterval() throws InterruptedException {
        TestingLink link = new TestingLink(8, 1);
        AtomicLong clock = new AtomicLong(0);
        BandwidthEstimator bandwidth = new BandwidthEstimator(5, 1, 0);
        try (UplinkProber prober = new UplinkProber(link, bandwidth, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(1), clock::get)) {
            for (int i = 0; i < 100; i++) {
                prober.requestProbe();
            }
            awaitSamples(prober, 1);
            clock.addAndGet(100_000_000L); // 100 ms later: too soon
            prober.requestProbe();
            Thread.sleep(100);
            assertThat(prober.samples()).isEqualTo(1);
            clock.addAndGet(200_000_000L); // 300 ms after the first
            prober.requestProbe();
            awaitSamples(prober, 2);
            assertThat(link.probes).hasSize(4);
        }
    }

    @Test
    void aPairTooCloseToTellApartRecordsNoRate() {
        TestingLink link = new TestingLink(10_000, 40); // 12 KiB in 0.01 ms: below what a pair can resolve
        BandwidthEstimator bandwidth = new BandwidthEstimator(5, 20, 0);
        try (UplinkProber prober = new UplinkProber(link, bandwidth, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime)) {
            assertThat(prober.probeNow()).isTrue();
            assertThat(bandwidth.transfers()).isZero();
            assertThat(bandwidth.rttMs()).isCloseTo(40.0, Offset.offset(1e-6));
        }
    }

    private static void awaitSamples(UplinkProber prober, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (prober.samples() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(prober.samples()).isEqualTo(n);
    }
}
