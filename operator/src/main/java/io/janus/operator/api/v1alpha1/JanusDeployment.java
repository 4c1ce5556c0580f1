package io.janus.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A pair of Janus runtimes: the edge half (first blocks with token merging) and the cloud half
 * (the rest of the model), with the live scheduler decision reported in the status.
 */
@Group(Crd.GROUP)
@Version(Crd.VERSION)
@Plural(Crd.PLURAL)
@ShortNames("jd")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.mode")
@AdditionalPrinterColumn(name = "Split", jsonPath = ".status.splitPoint", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Rate", jsonPath = ".status.decliningRate", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Bandwidth", jsonPath = ".status.bandwidthMbps", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "P95", jsonPath = ".status.latencyP95Ms", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Violations", jsonPath = ".status.slaViolationRatio", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class JanusDeployment extends CustomResource<JanusDeploymentSpec, JanusDeploymentStatus>
        implements Namespaced {

    @Override
    protected JanusDeploymentStatus initStatus() {
        return new JanusDeploymentStatus();
    }
}
