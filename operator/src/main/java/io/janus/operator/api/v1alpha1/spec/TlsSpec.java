package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import io.janus.operator.api.v1alpha1.Limits;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Mutual TLS between the halves: each Secret holds tls.crt, tls.key and ca.crt (the CA that signed
 * the other half's certificate), e.g. as issued by cert-manager.
 */
public class TlsSpec {

    @Required
    @Size(max = Limits.DNS_SUBDOMAIN)
    @Pattern(Limits.DNS_SUBDOMAIN_PATTERN)
    @JsonPropertyDescription("Secret with the cloud half's server certificate (tls.crt, tls.key) and the CA of edge clients (ca.crt).")
    private String cloudSecretName;

    @Required
    @Size(max = Limits.DNS_SUBDOMAIN)
    @Pattern(Limits.DNS_SUBDOMAIN_PATTERN)
    @JsonPropertyDescription("Secret with the edge half's client certificate (tls.crt, tls.key) and the CA of the cloud server (ca.crt).")
    private String edgeSecretName;

    public String getCloudSecretName() {
        return cloudSecretName;
    }

    public void setCloudSecretName(String cloudSecretName) {
        this.cloudSecretName = cloudSecretName;
    }

    public String getEdgeSecretName() {
        return edgeSecretName;
    }

    public void setEdgeSecretName(String edgeSecretName) {
        this.edgeSecretName = edgeSecretName;
    }
}
