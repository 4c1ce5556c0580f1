package io.janus.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A directory on the node's filesystem. */
public class HostPathSource {

    @Required
    @Pattern("^/.*")
    @JsonPropertyDescription("Absolute directory on the node, e.g. /opt/janus/models.")
    private String path;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
