package io.janus.edge;

import io.janus.trace.BandwidthTrace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Emulated uplink for local runs (off unless {@code --trace} or {@code --rtt-ms} is given): each request waits as it
 * would on the traced link — queued behind earlier transfers, its bytes pushed through the time-varying rate — plus
 * one round-trip time. Replies are assumed small. Thread-safe: concurrent frames share the one uplink.
 */
public final class LinkEmulation {

    private final BandwidthTrace trace;
    private final double rttSeconds;
    private final LongSupplier nanoClock;
    private final long originNanos;
    private double busyUntil;

    /**
     * @param trace   the uplink to replay, or null for an unlimited one (RTT only)
     * @param rtt     added to every transfer
     * @param nanoClock a monotonic clock (System::nanoTime); the replay starts at its first reading
     */
    public LinkEmulation(BandwidthTrace trace, Duration rtt, LongSupplier nanoClock) {
        this(trace, rtt, nanoClock, Duration.ZERO);
    }

    /** As above, the replay starting {@code traceStart} into the trace. */
    public LinkEmulation(BandwidthTrace trace, Duration rtt, LongSupplier nanoClock, Duration traceStart) {
        if (traceStart.isNegative()) {
            throw new IllegalArgumentException("trace start " + traceStart + ": must be >= 0");
        }
        this.trace = trace;
        this.rttSeconds = rtt.toNanos() / 1e9;
        this.nanoClock = nanoClock;
        this.originNanos = nanoClock.getAsLong() - traceStart.toNanos();
    }

    /**
     * The emulation of the {@code --trace}, {@code --trace-start} and {@code --rtt-ms} flags on the system clock; null
     * (the real network as it is) when neither a trace nor an RTT is given.
     */
    public static LinkEmulation of(Path trace, double traceStartSeconds, double rttMs) {
        if (!(rttMs >= 0)) {
            throw new IllegalArgumentException("--rtt-ms " + rttMs + ": must be >= 0");
        }
        if (!(traceStartSeconds >= 0)) {
            throw new IllegalArgumentException("--trace-start " + traceStartSeconds + ": must be >= 0");
        }
        if (trace == null && rttMs == 0) {
            return null;
        }
        return new LinkEmulation(trace == null ? null : BandwidthTrace.load(trace), seconds(rttMs / 1e3), System::nanoTime,
                seconds(traceStartSeconds));
    }

    /** How one transfer went: how long the request waits in total, and the part spent pushing bytes. */
    public record Transfer(Duration delay, Duration serialization) {}

    /** Reserves the link for {@code bytes} sent now and says how long the caller must wait before they arrive. */
    public synchronized Transfer send(long bytes) {
        double now = (nanoClock.getAsLong() - originNanos) / 1e9;
        double start = Math.max(now, busyUntil);
        double end = trace == null ? start : trace.transferEnd(start, bytes);
        busyUntil = end;
        return new Transfer(seconds(end - now + rttSeconds), seconds(end - start));
    }

    /** The traced rate right now, in Mbps; NaN without a trace. */
    public double currentMbps() {
        return trace == null ? Double.NaN : trace.mbpsAt((nanoClock.getAsLong() - originNanos) / 1e9);
    }

    /** True when a trace sets the rate; false for an RTT-only emulation over an unlimited link. */
    public boolean shapesRate() {
        return trace != null;
    }

    public double rttMs() {
        return rttSeconds * 1e3;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
