package io.janus.plan;

/**
 * What the edge knows about its uplink and budget when it decides a frame.
 *
 * @param bandwidthMbps uplink bandwidth estimate
 * @param rttMs         round-trip time estimate
 * @param slaMs         latency budget per frame
 */
public record LinkEstimate(double bandwidthMbps, double rttMs, double slaMs) {

    /** The estimator's current bandwidth and RTT, under {@code slaMs}. */
    public static LinkEstimate of(BandwidthEstimator estimator, double slaMs) {
        return new LinkEstimate(estimator.estimateMbps(), estimator.rttMs(), slaMs);
    }
}
