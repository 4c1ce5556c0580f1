package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Which workload runs the edge, and whether the cloud has an autoscaler: the workflow reconciles a dependent whose
 * condition holds and deletes it when the condition stops holding (placement switched, autoscaling removed).
 */
public final class SpecConditions {

    private SpecConditions() {}

    /** The edge Deployment: placement Fixed (the default). */
    public static class FixedEdge implements Condition<HasMetadata, JanusDeployment> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, JanusDeployment> dependent, JanusDeployment jd,
                             Context<JanusDeployment> ctx) {
            return !EdgeSpec.perNode(jd.getSpec().getEdge());
        }
    }

    /** The edge DaemonSet: placement PerNode. */
    public static class PerNodeEdge implements Condition<HasMetadata, JanusDeployment> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, JanusDeployment> dependent, JanusDeployment jd,
                             Context<JanusDeployment> ctx) {
            return EdgeSpec.perNode(jd.getSpec().getEdge());
        }
    }

    /** The cloud's HorizontalPodAutoscaler: spec.cloud.autoscaling is set. */
    public static class AutoscalingWanted implements Condition<HasMetadata, JanusDeployment> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, JanusDeployment> dependent, JanusDeployment jd,
                             Context<JanusDeployment> ctx) {
            return jd.getSpec().getCloud() != null && jd.getSpec().getCloud().getAutoscaling() != null;
        }
    }
}
