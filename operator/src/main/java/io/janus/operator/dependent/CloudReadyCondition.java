package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The cloud half serves once at least one of its pods passes the gRPC readiness probe. */
public class CloudReadyCondition implements Condition<Deployment, JanusDeployment> {

    @Override
    public boolean isMet(DependentResource<Deployment, JanusDeployment> dependent, JanusDeployment jd,
                         Context<JanusDeployment> ctx) {
        return dependent.getSecondaryResource(jd, ctx).map(DeploymentReadiness::readyReplicas).orElse(0) > 0;
    }
}
