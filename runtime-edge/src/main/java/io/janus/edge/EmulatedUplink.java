package io.janus.edge;

import io.grpc.Status;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.ProfileReply;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * An uplink emulated in this process (labelled EMULATED wherever it shows): each request first waits as it would on
 * the traced link ({@link LinkEmulation}: queued, pushed through the time-varying rate, plus the RTT), then goes over
 * the wrapped real uplink under what is left of its deadline. Profile fetches and probes pass straight through.
 */
public final class EmulatedUplink implements Uplink {

    /** Protobuf framing around a probe's padding. */
    private static final int PROBE_FRAMING_BYTES = 8;

    private final Uplink real;
    private final LinkEmulation link;

    public EmulatedUplink(Uplink real, LinkEmulation link) {
        this.real = real;
        this.link = link;
    }

    @Override
    public Shipment ship(FinishRequest request, Duration budget) {
        long c0 = System.nanoTime();
        LinkEmulation.Transfer transfer = link.send(request.getSerializedSize());
        long budgetNanos = budget.toNanos();
        long wait = Math.min(transfer.delay().toNanos(), budgetNanos);
        sleepNanos(wait);
        if (transfer.delay().toNanos() >= budgetNanos) {
            throw new LinkSaturated(Status.DEADLINE_EXCEEDED.withDescription("emulated link: transfer needs "
                    + transfer.delay().toMillis() + " ms, deadline " + budgetNanos / 1_000_000 + " ms"),
                    (System.nanoTime() - c0) / 1e6);
        }
        Shipment over = real.ship(request, Duration.ofNanos(budgetNanos - wait));
        long callNanos = System.nanoTime() - c0;
        if (!link.shapesRate()) {
            // RTT only (the rate is the real network's, e.g. a kernel-shaped link): the real uplink's ignorance stays.
            return new Shipment(over.reply(), callNanos, over.linkMs(), over.rttMs());
        }
        // The bytes' time on the link is known here; the rest of the call is round trip.
        double serializationMs = transfer.serialization().toNanos() / 1e6;
        double cloudMs = 1e-3 * (over.reply().getCloudDecodeMicros() + over.reply().getCloudComputeMicros());
        double transferMs = Math.max(0, callNanos / 1e6 - cloudMs);
        return new Shipment(over.reply(), callNanos, serializationMs, Math.max(0, transferMs - serializationMs));
    }

    @Override
    public ProfileReply profile(Duration budget) {
        return real.profile(budget);
    }

    @Override
    public boolean probe(Duration timeout) {
        return real.probe(timeout);
    }

    /** The probe crosses the emulated link like any request: queued, pushed through the rate, one RTT. */
    @Override
    public Probe probeTransfer(int paddingBytes, Duration timeout) {
        long c0 = System.nanoTime();
        LinkEmulation.Transfer transfer = link.send(paddingBytes + PROBE_FRAMING_BYTES);
        long timeoutNanos = timeout.toNanos();
        sleepNanos(Math.min(transfer.delay().toNanos(), timeoutNanos));
        if (transfer.delay().toNanos() >= timeoutNanos) {
            return Probe.FAILED;
        }
        Probe over = real.probeTransfer(paddingBytes, Duration.ofNanos(timeoutNanos - (System.nanoTime() - c0)));
        if (!over.ok()) {
            return Probe.FAILED;
        }
        return new Probe((System.nanoTime() - c0) / 1e6, link.shapesRate() ? transfer.serialization().toNanos() / 1e6 : over.linkMs());
    }

    @Override
    public String target() {
        return real.target();
    }

    @Override
    public boolean separatesRtt() {
        return link.shapesRate();
    }

    @Override
    public double priorRttMs() {
        return link.rttMs();
    }

    @Override
    public boolean emulated() {
        return true;
    }

    @Override
    public double emulatedMbps() {
        return link.currentMbps();
    }

    @Override
    public void close() {
        real.close();
    }

    private static void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
