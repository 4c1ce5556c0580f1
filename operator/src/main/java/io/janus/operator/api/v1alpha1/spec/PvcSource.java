package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import io.janus.operator.api.v1alpha1.Limits;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A PersistentVolumeClaim in the JanusDeployment's namespace. */
public class PvcSource {

    @Required
    @Size(max = Limits.DNS_SUBDOMAIN)
    @Pattern(Limits.DNS_SUBDOMAIN_PATTERN)
    @JsonPropertyDescription("Name of the PersistentVolumeClaim in the same namespace.")
    private String claimName;

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }
}
