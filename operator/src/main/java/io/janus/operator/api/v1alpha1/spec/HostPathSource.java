package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import io.janus.operator.api.v1alpha1.Limits;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A directory on the node's filesystem. */
public class HostPathSource {

    @Required
    @Size(max = Limits.HOST_PATH)
    @Pattern("^/[^\\x00]*$")
    @JsonPropertyDescription("Absolute directory on the node, e.g. /opt/janus/models.")
    private String path;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
