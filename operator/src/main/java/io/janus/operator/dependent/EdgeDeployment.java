package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The edge half; the workflow creates it once the cloud half is ready. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class EdgeDeployment extends CRUDKubernetesDependentResource<Deployment, JanusDeployment> {

    public EdgeDeployment() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.edgeDeployment(jd, RuntimeDefaults.from(ctx).image());
    }
}
