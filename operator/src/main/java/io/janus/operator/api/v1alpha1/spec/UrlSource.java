package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import io.janus.operator.api.v1alpha1.Limits;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A model archive downloaded over HTTPS and verified before use. */
public class UrlSource {

    @Required
    @Size(max = Limits.URL)
    @Pattern("^https://[^\\s/?#]+[^\\s]*$")
    @JsonPropertyDescription("HTTPS URL of a .tar.gz archive containing the model folder.")
    private String url;

    @Required
    @Size(min = 64, max = 64)
    @Pattern("^[a-f0-9]{64}$")
    @JsonPropertyDescription("Expected sha256 of the archive (64 lowercase hex digits); the download is rejected on mismatch.")
    private String sha256;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }
}
