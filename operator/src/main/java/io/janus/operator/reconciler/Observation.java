package io.janus.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.janus.operator.status.EdgeObservation;
import io.janus.operator.status.PodDiagnosis.PodProblem;
import java.util.List;
import java.util.Optional;

/**
 * Everything the status is computed from, gathered by the reconciler; {@code cloudPods} and
 * {@code edgePods} say why a half's pods are not ready, when the half is not. The edge runs as
 * {@code edge} (placement Fixed) or {@code edgeFleet} (placement PerNode).
 */
public record Observation(
        List<SpecProblem> problems,
        boolean paused,
        Optional<Deployment> cloud,
        Optional<Deployment> edge,
        Optional<DaemonSet> edgeFleet,
        List<EdgeObservation> edges,
        Optional<PodProblem> cloudPods,
        Optional<PodProblem> edgePods) {

    /** An observation of an edge Deployment. */
    public Observation(List<SpecProblem> problems, boolean paused, Optional<Deployment> cloud,
                       Optional<Deployment> edge, List<EdgeObservation> edges,
                       Optional<PodProblem> cloudPods, Optional<PodProblem> edgePods) {
        this(problems, paused, cloud, edge, Optional.empty(), edges, cloudPods, edgePods);
    }

    /** An observation of an edge Deployment, without pod problems. */
    public Observation(List<SpecProblem> problems, boolean paused, Optional<Deployment> cloud,
                       Optional<Deployment> edge, List<EdgeObservation> edges) {
        this(problems, paused, cloud, edge, Optional.empty(), edges, Optional.empty(), Optional.empty());
    }

    /** The edge workload, whichever kind runs it. */
    public Optional<Workload> edgeWorkload() {
        return edgeFleet.map(Workload::of).or(() -> edge.map(Workload::of));
    }
}
