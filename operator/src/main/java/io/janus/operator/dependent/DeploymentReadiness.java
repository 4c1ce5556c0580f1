package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Readiness read from a Deployment's status, null-safe. */
public final class DeploymentReadiness {

    private DeploymentReadiness() {}

    public static int readyReplicas(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    public static int desiredReplicas(Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    /** All desired replicas ready and running the latest template. */
    public static boolean fullyReady(Deployment d) {
        int desired = desiredReplicas(d);
        int updated = d.getStatus() == null || d.getStatus().getUpdatedReplicas() == null
                ? 0 : d.getStatus().getUpdatedReplicas();
        return readyReplicas(d) >= desired && updated >= desired;
    }
}
