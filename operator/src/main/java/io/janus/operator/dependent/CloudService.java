package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.naming.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.concurrent.TimeUnit;

/**
 * The headless Service the edge dials to reach the cloud half. A cloud Service from before it was headless has a
 * cluster IP, which cannot be changed: it is replaced.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_SELECTOR))
public class CloudService extends CRUDKubernetesDependentResource<Service, JanusDeployment> {

    public CloudService() {
        super(Service.class);
    }

    @Override
    public Service update(Service actual, Service desired, JanusDeployment jd, Context<JanusDeployment> ctx) {
        if (actual.getSpec() != null && !RuntimeManifests.HEADLESS.equals(actual.getSpec().getClusterIP())) {
            ctx.getClient().resource(actual).withTimeout(30, TimeUnit.SECONDS).delete();
            return create(desired, jd, ctx);
        }
        return super.update(actual, desired, jd, ctx);
    }

    @Override
    protected Service desired(JanusDeployment jd, Context<JanusDeployment> ctx) {
        return RuntimeManifests.cloudService(jd);
    }
}
