package io.janus.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The live decision of one edge pod, as read from its status endpoint. */
public class EdgePodStatus {

    @JsonPropertyDescription("Name of the edge pod.")
    private String pod;

    @JsonPropertyDescription("Declining rate α in use.")
    private Double decliningRate;

    @JsonPropertyDescription("Split point in use.")
    private Integer splitPoint;

    @JsonPropertyDescription("Collaborative, DeviceOnly or CloudOnly.")
    private String mode;

    @JsonPropertyDescription("Uplink bandwidth estimate, in Mbit/s.")
    private Double bandwidthMbps;

    @JsonPropertyDescription("Median frame latency, in milliseconds.")
    private Double latencyP50Ms;

    @JsonPropertyDescription("95th-percentile frame latency, in milliseconds.")
    private Double latencyP95Ms;

    @JsonPropertyDescription("Fraction of recent frames that missed the SLA.")
    private Double slaViolationRatio;

    @JsonPropertyDescription("Frames per second completed by this pod.")
    private Double throughputFps;

    @JsonPropertyDescription("Whether this pod reaches the cloud half.")
    private Boolean cloudReachable;

    @JsonPropertyDescription("When this pod last made a scheduling decision (RFC 3339).")
    private String lastDecisionTime;

    @JsonPropertyDescription("Why the status endpoint could not be read, if it could not.")
    private String error;

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
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

    public Boolean getCloudReachable() {
        return cloudReachable;
    }

    public void setCloudReachable(Boolean cloudReachable) {
        this.cloudReachable = cloudReachable;
    }

    public String getLastDecisionTime() {
        return lastDecisionTime;
    }

    public void setLastDecisionTime(String lastDecisionTime) {
        this.lastDecisionTime = lastDecisionTime;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }
}
