package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.janus.trace.BandwidthTrace;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatedUplinkTest {

    /** Answers at once and remembers the budget each call was given. */
    private static final class TestingUplink implements Uplink {
        final List<Duration> budgets = new ArrayList<>();

        @Override
        public Shipment ship(FinishRequest request, Duration budget) {
            budgets.add(budget);
            return new Shipment(FinishReply.newBuilder().setCloudComputeMicros(0).build(), 0, 0, 0);
        }

        @Override
        public ProfileReply profile(Duration budget) {
            return ProfileReply.getDefaultInstance();
        }

        @Override
        public boolean probe(Duration timeout) {
            return true;
        }

        @Override
        public Probe probeTransfer(int paddingBytes, Duration timeout) {
            budgets.add(timeout);
            return new Probe(0.1, Double.NaN);
        }

        @Override
        public String target() {
            return "testing:1";
        }


        @Override
        public void close() {
        }
    }

    private static FinishRequest request(int bytes) {
        return FinishRequest.newBuilder().setSchedule("x".repeat(bytes)).build();
    }

    @Test
    void waitsForTheTracedTransferThenCallsWithWhatIsLeftOfTheBudget() {
        TestingUplink real = new TestingUplink();
        // 8 Mbps: 20 kB take 20 ms, plus 5 ms RTT.
        LinkEmulation link = new LinkEmulation(BandwidthTrace.parse("time_s,uplink_mbps\n0,8\n", "test"), Duration.ofMillis(5),
                System::nanoTime);
        Uplink uplink = new EmulatedUplink(real, link);
        FinishRequest r = request(20_000);
        Uplink.Shipment s = uplink.ship(r, Duration.ofMillis(1000));
        assertThat(s.callNanos() / 1e6).isGreaterThanOrEqualTo(24.0);
        assertThat(s.linkMs()).isCloseTo(r.getSerializedSize() * 8 / 8e3, org.assertj.core.data.Offset.offset(0.1));
        assertThat(s.rttMs()).isGreaterThanOrEqualTo(4.9);
        assertThat(real.budgets.get(0).toMillis()).isBetween(900L, 976L);
        assertThat(uplink.emulated()).isTrue();
        assertThat(uplink.emulatedMbps()).isEqualTo(8.0);
        assertThat(uplink.priorRttMs()).isEqualTo(5.0);
    }

    @Test
    void aTransferLongerThanTheDeadlineFailsAsSaturatedWithoutCallingTheCloud() {
        TestingUplink real = new TestingUplink();
        // 0.1 Mbps: 20 kB need 1.6 s.
        LinkEmulation link = new LinkEmulation(BandwidthTrace.parse("time_s,uplink_mbps\n0,0.1\n", "test"), Duration.ZERO,
                System::nanoTime);
        Uplink uplink = new EmulatedUplink(real, link);
        assertThatThrownBy(() -> uplink.ship(request(20_000), Duration.ofMillis(50)))
                .isInstanceOfSatisfying(Uplink.LinkSaturated.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
                    assertThat(e.waitedMs()).isBetween(49.0, 500.0);
                });
        assertThat(real.budgets).isEmpty();
    }

    @Test
    void aProbeOnATracedLinkKnowsThePaddingsTimeOnTheLink() {
        TestingUplink real = new TestingUplink();
        LinkEmulation link = new LinkEmulation(BandwidthTrace.parse("time_s,uplink_mbps\n0,8\n", "test"), Duration.ofMillis(5),
                System::nanoTime);
        Uplink.Probe p = new EmulatedUplink(real, link).probeTransfer(12_000, Duration.ofSeconds(1));
        assertThat(p.ok()).isTrue();
        assertThat(p.linkMs()).isCloseTo(12_008 * 8 / 8e3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(p.totalMs()).isGreaterThanOrEqualTo(p.linkMs() + 4.9);
    }
}
