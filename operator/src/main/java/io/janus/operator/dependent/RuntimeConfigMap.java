package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The runtime configuration files of both halves. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class RuntimeConfigMap extends CRUDKubernetesDependentResource<ConfigMap, JanusDeployment> {

    public RuntimeConfigMap() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.configMap(jd);
    }
}
