package io.janus.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.janus.operator.dependent.DeploymentReadiness;
import java.util.Optional;

/**
 * A half's pods as their controller counts them: a Deployment's replicas, or a DaemonSet's pods (one per
 * matching node), with why the rollout failed when it did.
 */
public record Workload(String kind, String name, int ready, int desired, Optional<String> failure) {

    public static Workload of(Deployment d) {
        return new Workload("deployment", d.getMetadata().getName(), DeploymentReadiness.readyReplicas(d),
                DeploymentReadiness.desiredReplicas(d), StatusAggregator.failedRollout(d));
    }

    public static Workload of(DaemonSet d) {
        var s = d.getStatus();
        int ready = s == null || s.getNumberReady() == null ? 0 : s.getNumberReady();
        int desired = s == null || s.getDesiredNumberScheduled() == null ? 0 : s.getDesiredNumberScheduled();
        return new Workload("daemonset", d.getMetadata().getName(), ready, desired, Optional.empty());
    }

    /** "ready/desired", as kubectl shows a Deployment's READY. */
    public String readiness() {
        return ready + "/" + desired;
    }
}
