package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the edge pods: POST /v1/infer and GET /v1/status for clients in the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class EdgeService extends CRUDKubernetesDependentResource<Service, JanusDeployment> {

    public EdgeService() {
        super(Service.class);
    }

    @Override
    protected Service desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.edgeService(jd);
    }
}
