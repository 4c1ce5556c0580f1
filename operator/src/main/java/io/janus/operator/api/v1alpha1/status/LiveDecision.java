package io.janus.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.janus.plan.Mode;

/** The scheduler's live decision as an edge runtime reports it: carried by the deployment's status and by each edge pod's entry. */
public class LiveDecision {

    @JsonPropertyDescription("Declining rate α of the schedule the edge uses now (0 = no token merging).")
    private Double decliningRate;

    @JsonPropertyDescription("Split point s now: blocks [0, s) run on the edge; 0 = cloud-only, depth+1 = device-only.")
    private Integer splitPoint;

    @JsonPropertyDescription("Where frames run now: CloudOnly (s = 0), Collaborative (split between edge and cloud) or DeviceOnly (also while the cloud is unreachable).")
    private Mode mode;

    @JsonPropertyDescription("Uplink bandwidth estimate of the edge, in Mbit/s.")
    private Double bandwidthMbps;

    @JsonPropertyDescription("Median end-to-end frame latency, in milliseconds.")
    private Double latencyP50Ms;

    @JsonPropertyDescription("95th-percentile end-to-end frame latency, in milliseconds.")
    private Double latencyP95Ms;

    @JsonPropertyDescription("Fraction of recent frames that missed the SLA (0..1).")
    private Double slaViolationRatio;

    @JsonPropertyDescription("Frames per second completed (for the deployment: the sum over its edge pods).")
    private Double throughputFps;

    @JsonPropertyDescription("When the edge last made a scheduling decision (RFC 3339).")
    private String lastDecisionTime;

    public Double getDecliningRate() {
        return decliningRate;
    }

    public void setDecliningRate(Double decliningRate) {
        this.decliningRate = decliningRate;
    }

    public Integer getSplitPoint() {
        return splitPoint;
    }

    public void setSplitPoint(Integer splitPoint) {
        this.splitPoint = splitPoint;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Double getBandwidthMbps() {
        return bandwidthMbps;
    }

    public void setBandwidthMbps(Double bandwidthMbps) {
        this.bandwidthMbps = bandwidthMbps;
    }

    public Double getLatencyP50Ms() {
        return latencyP50Ms;
    }

    public void setLatencyP50Ms(Double latencyP50Ms) {
        this.latencyP50Ms = latencyP50Ms;
    }

    public Double getLatencyP95Ms() {
        return latencyP95Ms;
    }

    public void setLatencyP95Ms(Double latencyP95Ms) {
        this.latencyP95Ms = latencyP95Ms;
    }

    public Double getSlaViolationRatio() {
        return slaViolationRatio;
    }

    public void setSlaViolationRatio(Double slaViolationRatio) {
        this.slaViolationRatio = slaViolationRatio;
    }

    public Double getThroughputFps() {
        return throughputFps;
    }

    public void setThroughputFps(Double throughputFps) {
        this.throughputFps = throughputFps;
    }

    public String getLastDecisionTime() {
        return lastDecisionTime;
    }

    public void setLastDecisionTime(String lastDecisionTime) {
        this.lastDecisionTime = lastDecisionTime;
    }
}
