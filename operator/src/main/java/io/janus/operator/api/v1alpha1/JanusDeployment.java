package io.janus.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
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
// The name becomes the Services <name>-cloud and <name>-edge: a DNS-1035 label of at most 63 characters.
@ValidationRule(value = "self.metadata.name.size() <= 57",
        message = "metadata.name must have at most 57 characters: it names the Services <name>-cloud and <name>-edge (at most 63)")
@ValidationRule(value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
        message = "metadata.name must start with a lowercase letter and hold only lowercase letters, digits and '-' (a DNS-1035 label): it names the Services")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.mode")
@AdditionalPrinterColumn(name = "Split", jsonPath = ".status.splitPoint", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Rate", jsonPath = ".status.decliningRate", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Bandwidth", jsonPath = ".status.bandwidthMbps", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "P95", jsonPath = ".status.latencyP95Ms", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Violations", jsonPath = ".status.slaViolationRatio", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Edges", jsonPath = ".status.edgesReady")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class JanusDeployment extends CustomResource<JanusDeploymentSpec, JanusDeploymentStatus>
        implements Namespaced {

    @Override
    protected JanusDeploymentStatus initStatus() {
        return new JanusDeploymentStatus();
    }
}
