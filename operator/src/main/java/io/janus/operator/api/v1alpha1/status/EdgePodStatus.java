package io.janus.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The live decision of one edge pod, as read from its status endpoint. */
public class EdgePodStatus extends LiveDecision {

    @JsonPropertyDescription("Name of the edge pod.")
    private String pod;

    @JsonPropertyDescription("Node the edge pod runs on (with placement PerNode: the device).")
    private String node;

    @JsonPropertyDescription("Whether this pod reaches the cloud half.")
    private Boolean cloudReachable;

    @JsonPropertyDescription("Why the status endpoint could not be read, if it could not.")
    private String error;

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public Boolean getCloudReachable() {
        return cloudReachable;
    }

    public void setCloudReachable(Boolean cloudReachable) {
        this.cloudReachable = cloudReachable;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }
}
