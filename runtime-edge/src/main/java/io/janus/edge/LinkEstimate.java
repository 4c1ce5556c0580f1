package io.janus.edge;

/**
 * What the edge knows about its uplink and budget when it decides a frame.
 *
 * @param bandwidthMbps uplink bandwidth estimate
 * @param rttMs         round-trip time estimate
 * @param slaMs         latency budget per frame
 */
public record LinkEstimate(double bandwidthMbps, double rttMs, int slaMs) {}
