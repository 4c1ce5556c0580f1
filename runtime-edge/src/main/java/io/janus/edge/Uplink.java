package io.janus.edge;

import io.grpc.StatusRuntimeException;
import io.janus.wire.v1.FinishReply;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;

/**
 * The edge's one way to the cloud: a frame's request shipped under a deadline, the cloud's profile, a health probe.
 * {@link GrpcUplink} is the real network; {@link EmulatedUplink} wraps it with a trace-driven rate and an RTT for
 * unprivileged local runs. Failures are gRPC statuses ({@link StatusRuntimeException}), as from the cloud itself.
 */
public interface Uplink extends AutoCloseable {

    /**
     * One request that reached the cloud and came back.
     *
     * @param reply     the cloud's answer
     * @param callNanos from the start of {@link #ship} to the reply, emulated waiting included
     * @param linkMs    time the request's bytes spent on the link (a bandwidth sample); 0 when nothing limited them;
     *                  NaN when the uplink cannot tell it apart from the round trip (a real network)
     * @param rttMs     the round trip beyond the bytes' time on the link (an RTT sample); NaN when unknown
     */
    record Shipment(FinishReply reply, long callNanos, double linkMs, double rttMs) {}

    /**
     * Sends {@code request} and waits for the cloud's reply, failing with DEADLINE_EXCEEDED after {@code budget}.
     *
     * @throws LinkSaturated when the link's rate alone made the transfer miss the deadline (known on emulated links)
     * @throws StatusRuntimeException on any other failure
     */
    Shipment ship(FinishRequest request, Duration budget);

    /** The cloud's latency profile, failing with DEADLINE_EXCEEDED after {@code budget}. */
    ProfileReply profile(Duration budget);

    /** True when the cloud's health service reports SERVING within {@code timeout}; never throws. */
    boolean probe(Duration timeout);

    /**
     * How one probe went.
     *
     * @param totalMs from send to reply; NaN when the probe failed or took longer than its timeout
     * @param linkMs  the padding's time on the link where the uplink knows it (an emulated, traced link); else NaN
     */
    record Probe(double totalMs, double linkMs) {
        static final Probe FAILED = new Probe(Double.NaN, Double.NaN);

        public boolean ok() {
            return !Double.isNaN(totalMs);
        }
    }

    /** An uplink probe (not a frame): {@code paddingBytes} sent to the cloud and acknowledged; never throws. */
    Probe probeTransfer(int paddingBytes, Duration timeout);

    /** Where the cloud is (HOST:PORT), for messages. */
    String target();

    /** True when each shipment tells the bytes' time on the link from the round trip (an emulated, traced link). */
    default boolean separatesRtt() {
        return false;
    }

    /** The RTT the bandwidth estimator assumes before its first sample, in milliseconds; none on a real link. */
    default double priorRttMs() {
        return 0;
    }

    /** True when transfers are emulated (figures are emulation, not the network's). */
    default boolean emulated() {
        return false;
    }

    /** The emulated link's rate right now in Mbps; NaN on a real link or without a trace. */
    default double emulatedMbps() {
        return Double.NaN;
    }

    @Override
    void close();

    /** The real gRPC uplink, wrapped in the emulation when {@code link} is not null. */
    static Uplink of(CloudClient cloud, LinkEmulation link) {
        Uplink real = new GrpcUplink(cloud);
        return link == null ? real : new EmulatedUplink(real, link);
    }

    /** A transfer whose bytes could not cross the link before the deadline: the link's rate is the cause. */
    final class LinkSaturated extends StatusRuntimeException {
        private final double waitedMs;

        public LinkSaturated(io.grpc.Status status, double waitedMs) {
            super(status);
            this.waitedMs = waitedMs;
        }

        /** How long the bytes were on the link when the deadline passed. */
        public double waitedMs() {
            return waitedMs;
        }
    }
}
