package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The cloud pool's HorizontalPodAutoscaler, present while spec.cloud.autoscaling is (SpecConditions.AutoscalingWanted). */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class CloudAutoscaler extends CRUDKubernetesDependentResource<HorizontalPodAutoscaler, JanusDeployment> {

    public CloudAutoscaler() {
        super(HorizontalPodAutoscaler.class);
    }

    /** By name, not from desired(): deleting the HPA once autoscaling is removed must not need its spec. */
    @Override
    protected ResourceID targetSecondaryResourceID(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return new ResourceID(Names.cloud(jd), jd.getMetadata().getNamespace());
    }

    @Override
    protected HorizontalPodAutoscaler desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.cloudAutoscaler(jd);
    }
}
