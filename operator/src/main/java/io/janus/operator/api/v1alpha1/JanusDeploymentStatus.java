package io.janus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.janus.operator.api.v1alpha1.status.EdgePodStatus;
import io.janus.operator.api.v1alpha1.status.LiveDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * What the system is doing right now: readiness of both halves and the scheduler's live decision.
 * With several edge pods the top-level decision is the one of the pod with the worst SLA
 * violation ratio (ties: highest P95); throughput is the sum over pods; {@code edges} lists each.
 */
public class JanusDeploymentStatus extends LiveDecision {

    @JsonPropertyDescription("The metadata.generation this status was computed from.")
    private Long observedGeneration;

    @JsonPropertyDescription("Summary: Pending (waiting for the cloud), Progressing (edge starting), Running, Degraded, Invalid (fix the spec; see the Ready condition), Paused.")
    private String phase;

    @JsonPropertyDescription("Ready, EdgeReady, CloudReady, CloudReachable and Degraded, each with a reason and a message.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("One entry per edge pod when there are several: its node and its decision.")
    private List<EdgePodStatus> edges;

    @JsonPropertyDescription("Edge pods ready, as ready/desired (the Edges column of kubectl get jd).")
    private String edgesReady;

    @JsonPropertyDescription("Edge pods ready (passing their readiness probe).")
    private Integer readyEdges;

    @JsonPropertyDescription("Edge pods wanted: replicas with placement Fixed, the matching nodes with placement PerNode.")
    private Integer desiredEdges;

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

    public List<EdgePodStatus> getEdges() {
        return edges;
    }

    public void setEdges(List<EdgePodStatus> edges) {
        this.edges = edges;
    }

    public String getEdgesReady() {
        return edgesReady;
    }

    public void setEdgesReady(String edgesReady) {
        this.edgesReady = edgesReady;
    }

    public Integer getReadyEdges() {
        return readyEdges;
    }

    public void setReadyEdges(Integer readyEdges) {
        this.readyEdges = readyEdges;
    }

    public Integer getDesiredEdges() {
        return desiredEdges;
    }

    public void setDesiredEdges(Integer desiredEdges) {
        this.desiredEdges = desiredEdges;
    }
}
