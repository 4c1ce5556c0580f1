package io.janus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.janus.operator.api.v1alpha1.status.EdgePodStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What the system is doing right now: readiness of both halves and the scheduler's live decision.
 * With several edge pods the top-level decision is the one of the pod with the worst SLA
 * violation ratio (ties: highest P95); throughput is the sum over pods; {@code edges} lists each.
 */
public class JanusDeploymentStatus {

    @JsonPropertyDescription("The metadata.generation this status was computed from.")
    private Long observedGeneration;

    @JsonPropertyDescription("Summary: Pending (waiting for the cloud), Progressing (edge starting), Running, Degraded, Invalid (fix the spec; see the Ready condition), Paused.")
    private String phase;

    @JsonPropertyDescription("Ready, EdgeReady, CloudReady, CloudReachable and Degraded, each with a reason and a message.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Declining rate α of the schedule the edge uses now (0 = no token merging).")
    private Double decliningRate;

    @JsonPropertyDescription("Split point s now: blocks [0, s) run on the edge; 0 = cloud-only, depth+1 = device-only.")
    private Integer splitPoint;

    @JsonPropertyDescription("Collaborative, DeviceOnly or CloudOnly.")
    private String mode;

    @JsonPropertyDescription("Uplink bandwidth estimate of the edge, in Mbit/s.")
    private Double bandwidthMbps;

    @JsonPropertyDescription("Median end-to-end frame latency, in milliseconds.")
    private Double latencyP50Ms;

    @JsonPropertyDescription("95th-percentile end-to-end frame latency, in milliseconds.")
    private Double latencyP95Ms;

    @JsonPropertyDescription("Fraction of recent frames that missed the SLA (0..1).")
    private Double slaViolationRatio;

    @JsonPropertyDescription("Frames per second completed (sum over edge pods).")
    private Double throughputFps;

    @JsonPropertyDescription("When the edge last made a scheduling decision (RFC 3339).")
    private String lastDecisionTime;

    @JsonPropertyDescription("One entry per edge pod when there are several.")
    private List<EdgePodStatus> edges;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

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

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
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

    public List<EdgePodStatus> getEdges() {
        return edges;
    }

    public void setEdges(List<EdgePodStatus> edges) {
        this.edges = edges;
    }
}
