package io.janus.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.janus.operator.status.EdgeObservation;
import java.util.List;
import java.util.Optional;

/** Everything the status is computed from, gathered by the reconciler. */
public record Observation(
        List<SpecProblem> problems,
        boolean paused,
        Optional<Deployment> cloud,
        Optional<Deployment> edge,
        List<EdgeObservation> edges) {
}
