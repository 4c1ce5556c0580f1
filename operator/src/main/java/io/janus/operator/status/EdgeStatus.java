package io.janus.operator.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of an edge runtime's {@code GET /v1/status} the operator reports. Fields it does not
 * report (frame counters, rtt, ...) are ignored, so a busy but steady edge yields equal values and
 * no status write. {@code minLatencyMs} is optional: the lowest latency any (α, s) reaches per the
 * latency profiles; when the edge reports it, an SLA below it is flagged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EdgeStatus(
        Integer splitPoint,
        Double decliningRate,
        String mode,
        Double bandwidthMbps,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Integer slaMs,
        Double slaViolationRatio,
        Double throughputFps,
        Boolean cloudReachable,
        String lastDecisionTime,
        Integer depth,
        Double minLatencyMs) {
}
