package io.janus.edge;

import io.janus.wire.FrameCodec;
import java.time.Duration;

/**
 * How the edge handles frames, apart from the decision itself.
 *
 * @param slaMs              latency budget per frame; the cloud call's deadline is what is left of it
 * @param frameCodec         how frames travel at split point 0
 * @param link               emulated uplink (trace + RTT), or null to use the real network as it is
 * @param slowdown           edge compute is stretched by this factor (>= 1) to emulate a weaker device
 * @param bandwidthWindow    transfers the bandwidth estimate averages over
 * @param bandwidthPriorMbps bandwidth estimate before the first transfer
 * @param topK               labels per answer
 * @param breakerThreshold   consecutive cloud failures before running device-only
 * @param probeInterval      pause between cloud probes while device-only
 */
public record EdgeOptions(int slaMs, FrameCodec frameCodec, LinkEmulation link, double slowdown, int bandwidthWindow,
                          double bandwidthPriorMbps, int topK, int breakerThreshold, Duration probeInterval) {

    public EdgeOptions {
        if (slaMs < 1) {
            throw new IllegalArgumentException("--sla-ms " + slaMs + ": must be >= 1");
        }
        if (!(slowdown >= 1.0)) {
            throw new IllegalArgumentException("--slowdown " + slowdown + ": must be >= 1 (1 = this machine's speed)");
        }
    }

    /** The options a command's flags set; the circuit breaker and the probe interval keep their defaults. */
    public static EdgeOptions of(int slaMs, FrameCodec frameCodec, LinkEmulation link, double slowdown, int bandwidthWindow,
                                 double bandwidthPriorMbps, int topK) {
        EdgeOptions defaults = defaults(slaMs);
        return new EdgeOptions(slaMs, frameCodec, link, slowdown, bandwidthWindow, bandwidthPriorMbps, topK,
                defaults.breakerThreshold(), defaults.probeInterval());
    }

    public static EdgeOptions defaults(int slaMs) {
        return new EdgeOptions(slaMs, FrameCodec.lossless(), null, 1.0, io.janus.plan.BandwidthEstimator.DEFAULT_K, 10.0, 5, 3,
                Duration.ofMillis(500));
    }

    public EdgeOptions withLink(LinkEmulation newLink) {
        return new EdgeOptions(slaMs, frameCodec, newLink, slowdown, bandwidthWindow, bandwidthPriorMbps, topK,
                breakerThreshold, probeInterval);
    }

    public EdgeOptions withFrameCodec(FrameCodec codec) {
        return new EdgeOptions(slaMs, codec, link, slowdown, bandwidthWindow, bandwidthPriorMbps, topK,
                breakerThreshold, probeInterval);
    }

    public EdgeOptions withSlowdown(double factor) {
        return new EdgeOptions(slaMs, frameCodec, link, factor, bandwidthWindow, bandwidthPriorMbps, topK,
                breakerThreshold, probeInterval);
    }
}
