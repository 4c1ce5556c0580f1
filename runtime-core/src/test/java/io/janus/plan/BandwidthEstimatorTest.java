package io.janus.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.janus.profile.LatencyProfile;
import io.janus.profile.ModelGeometry;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BandwidthEstimatorTest {

    private static final long NEVER = Long.MAX_VALUE;
    private static final long PAYLOAD_BYTES = 100_000;
    /** A transfer that has not finished by then is abandoned and recorded with the time waited. */
    private static final double TIMEOUT_MS = 1_000;

    private final AtomicLong now = new AtomicLong();

    private BandwidthEstimator estimator(int k, long maxAgeNanos) {
        return new BandwidthEstimator(k, 20.0, 15.0, maxAgeNanos, now::get);
    }

    /** Mbps per bin, from a trace's {@code time_s,uplink_mbps} CSV. */
    private static double[] trace(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("time_s,uplink_mbps");
        return lines.stream().skip(1).filter(l -> !l.isBlank())
                .mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }

    /** The time a payload spends on a link running at {@code mbps}, cut at the timeout. */
    private static double transferMs(long bytes, double mbps) {
        return Math.min(bytes * 8.0 / (mbps * 1000.0), TIMEOUT_MS);
    }

    private static double harmonicMean(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += 1.0 / v[i];
        }
        return (to - from) / sum;
    }

    @Test
    void theConfiguredPriorsServeUntilTheFirstSamples() {
        BandwidthEstimator e = estimator(5, NEVER);
        assertThat(e.estimateMbps()).isEqualTo(20.0);
        assertThat(e.rttMs()).isEqualTo(15.0);
        e.record(1_000_000, 800);     // 8 Mbit in 0.8 s
        e.recordRtt(30);
        assertThat(e.estimateMbps()).isCloseTo(10.0, within(1e-12));
        assertThat(e.rttMs()).isEqualTo(30.0);
    }

    @Test
    void theEstimateIsTheHarmonicMeanOfTheLastKThroughputs() {
        BandwidthEstimator e = estimator(3, NEVER);
        for (double mbps : new double[] {100, 1, 2, 4}) {
            e.record(PAYLOAD_BYTES, transferMs(PAYLOAD_BYTES, mbps));
        }
        // 100 Mbps has left the window; HM(1, 2, 4) = 3 / (1 + 1/2 + 1/4).
        assertThat(e.estimateMbps()).isCloseTo(3 / 1.75, within(1e-9));
        for (double rtt : new double[] {50, 10, 20, 30}) {
            e.recordRtt(rtt);
        }
        assertThat(e.rttMs()).isCloseTo(20.0, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"solis-wifi-static-1.csv", "solis-wifi-static-2.csv", "ghoshal-5g-static-1.csv",
        "ghoshal-lte-static-1.csv", "ghoshal-5g-walking-1.csv", "ghoshal-lte-walking-1.csv", "ghoshal-5g-driving-1.csv",
        "ghoshal-lte-driving-1.csv", "mahimahi-lte-driving-2.csv", "umn-5g-walking-1.csv"})
    void followsTheHarmonicMeanOfEachSharedTrace(String name) throws IOException {
        double[] mbps = trace(ProjectFiles.sharedTrace(name));
        int k = 5;
        BandwidthEstimator e = estimator(k, NEVER);
        double[] measured = new double[mbps.length];
        for (int i = 0; i < mbps.length; i++) {
            double ms = transferMs(PAYLOAD_BYTES, mbps[i]);
            e.record(PAYLOAD_BYTES, ms);
            measured[i] = PAYLOAD_BYTES * 8.0 / (ms * 1000.0);   // = mbps[i] unless the transfer timed out
            int from = Math.max(0, i + 1 - k);
            double expected = harmonicMean(measured, from, i + 1);
            assertThat(e.estimateMbps()).as("%s bin %d", name, i).isCloseTo(expected, within(expected * 1e-9));
            // Conservative: never above the slowest transfer in the window times k, whatever the bursts.
            double slowest = Double.POSITIVE_INFINITY;
            for (int j = from; j <= i; j++) {
                slowest = Math.min(slowest, measured[j]);
            }
            assertThat(e.estimateMbps()).isLessThanOrEqualTo(slowest * (i + 1 - from) * (1 + 1e-12));
        }
    }

    @Test
    void anOutageSendsFramesToTheDeviceAndRecoveryBringsThemBack() throws IOException {
        // solis-wifi-static-1: 0 Mbps at 68-70 s and 73 s. One offloaded frame per 1 s bin.
        double[] mbps = trace(ProjectFiles.bundledTrace("solis-wifi-static-1.csv"));
        BandwidthEstimator e = estimator(5, TimeUnit.SECONDS.toNanos(10));
        Scheduler scheduler = slowDeviceFastCloud();
        long frameBytes = scheduler.choices().get(0).payloadBytes();
        List<Mode> modes = new ArrayList<>();
        for (int second = 0; second <= 80; second++) {
            now.set(TimeUnit.SECONDS.toNanos(second));
            Decision d = scheduler.decide(e, 100);
            modes.add(d.choice().mode());
            if (d.choice().mode() != Mode.DEVICE_ONLY) {
                e.record(d.payloadBytes(), transferMs(d.payloadBytes(), mbps[second]));
            }
            if (second == 68) {
                assertThat(e.estimateMbps()).as("after the first timed-out transfer").isLessThan(0.1);
            }
        }
        assertThat(modes.subList(60, 69)).doesNotContain(Mode.DEVICE_ONLY);
        assertThat(modes.get(69)).isEqualTo(Mode.DEVICE_ONLY);
        // Device-only sends nothing, so the outage samples only leave the window when they age out (10 s).
        assertThat(modes.subList(69, 79)).containsOnly(Mode.DEVICE_ONLY);
        assertThat(modes.get(79)).isEqualTo(Mode.CLOUD_ONLY);
        assertThat(frameBytes).isEqualTo(784 + TokenPayloadModel.FRAMING_BYTES);
    }

    @Test
    void aFailedTransferReadsAsADownLinkUntilTheNextCompletedExchange() {
        BandwidthEstimator e = estimator(5, NEVER);
        e.record(PAYLOAD_BYTES, transferMs(PAYLOAD_BYTES, 8));
        e.recordOutage();
        assertThat(e.down()).isTrue();
        assertThat(e.estimateMbps()).as("while down").isZero();
        assertThat(slowDeviceFastCloud().decide(e, 100).choice().mode()).as("a decision, not a wait").isEqualTo(Mode.DEVICE_ONLY);
        e.recordRtt(20);   // a probe's empty call came back
        assertThat(e.down()).isFalse();
        assertThat(e.estimateMbps()).as("the samples before the outage").isCloseTo(8.0, within(1e-9));
        e.recordOutage();
        e.record(PAYLOAD_BYTES, transferMs(PAYLOAD_BYTES, 2));
        assertThat(e.estimateMbps()).isCloseTo(2 / (1 / 8.0 + 1 / 2.0), within(1e-9));
    }

    @Test
    void samplesAgeOutBackToThePrior() {
        BandwidthEstimator e = estimator(5, TimeUnit.SECONDS.toNanos(10));
        e.record(PAYLOAD_BYTES, transferMs(PAYLOAD_BYTES, 2));
        e.recordRtt(80);
        now.set(TimeUnit.SECONDS.toNanos(5));
        e.record(PAYLOAD_BYTES, transferMs(PAYLOAD_BYTES, 8));
        assertThat(e.estimateMbps()).isCloseTo(2 / (1 / 2.0 + 1 / 8.0), within(1e-9));
        now.set(TimeUnit.SECONDS.toNanos(12));
        assertThat(e.estimateMbps()).isCloseTo(8.0, within(1e-9));
        assertThat(e.rttMs()).isEqualTo(15.0);
        now.set(TimeUnit.SECONDS.toNanos(16));
        assertThat(e.estimateMbps()).isEqualTo(20.0);
    }

    @Test
    void concurrentRecordersLoseNoSample() throws Exception {
        BandwidthEstimator e = estimator(8, NEVER);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        e.record(1_000_000, 400);   // 20 Mbps
                        e.estimateMbps();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(e.transfers()).isEqualTo(40_000);
        assertThat(e.estimateMbps()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void impossibleSamplesAndPriorsAreRejected() {
        BandwidthEstimator e = estimator(5, NEVER);
        assertThatThrownBy(() -> e.record(0, 10)).hasMessageContaining("bytes > 0");
        assertThatThrownBy(() -> e.record(100, 0)).hasMessageContaining("transfer time > 0");
        assertThatThrownBy(() -> e.record(100, Double.NaN)).hasMessageContaining("transfer time > 0");
        assertThatThrownBy(() -> e.recordRtt(-1)).hasMessageContaining("RTT sample");
        assertThatThrownBy(() -> new BandwidthEstimator(0, 10, 10)).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> new BandwidthEstimator(5, 0, 10)).hasMessageContaining("prior bandwidth");
    }

    /** The shipped model on a slow device with a fast cloud: cloud-only whenever the link carries a frame. */
    private static Scheduler slowDeviceFastCloud() {
        ModelGeometry g = ModelGeometry.VIT_TINY_MNIST;
        LatencyProfile edge = LatencyProfile.synthetic(g, "slow device", 1.0, 0.02, 0.3, 0.1);
        LatencyProfile cloud = LatencyProfile.synthetic(g, "cloud", 0.2, 0.002, 0.1, 0.05);
        return new Scheduler(edge, cloud, SchedulerConfig.defaults(g),
                new TokenPayloadModel(TensorCodec.FP16, g.dim(), 784));
    }
}
