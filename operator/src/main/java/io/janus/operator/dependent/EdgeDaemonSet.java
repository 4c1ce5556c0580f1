package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The edge half with placement PerNode: one pod on every matching node; created once the cloud half is ready. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class EdgeDaemonSet extends CRUDKubernetesDependentResource<DaemonSet, JanusDeployment> {

    public EdgeDaemonSet() {
        super(DaemonSet.class);
    }

    @Override
    protected DaemonSet desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.edgeDaemonSet(jd, RuntimeDefaults.from(ctx).image());
    }
}
