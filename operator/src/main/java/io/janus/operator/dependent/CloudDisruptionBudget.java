package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** At most one cloud pod evicted at a time ({@link RuntimeManifests#cloudDisruptionBudget}). */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class CloudDisruptionBudget extends CRUDKubernetesDependentResource<PodDisruptionBudget, JanusDeployment> {

    public CloudDisruptionBudget() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.cloudDisruptionBudget(jd);
    }
}
