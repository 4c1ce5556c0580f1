package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import io.janus.operator.api.v1alpha1.Limits;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The model folder (config.json + model.safetensors) both halves load. */
@ValidationRule(value = "[has(self.pvc), has(self.hostPath), has(self.url)].filter(x, x).size() == 1",
        message = "set exactly one model source: pvc, hostPath or url")
public class ModelSpec {

    @JsonPropertyDescription("A PersistentVolumeClaim holding the model; mounted read-only. It must be mountable by both halves (e.g. ReadOnlyMany) or exist on their nodes.")
    private PvcSource pvc;

    @JsonPropertyDescription("A directory pre-staged on the nodes running the halves (e.g. the Jetson's SD card); mounted read-only. It must exist on every node that runs a half.")
    private HostPathSource hostPath;

    @JsonPropertyDescription("An HTTPS URL of a .tar.gz archive of the model, fetched and checked against its sha256 by an init container before each half starts.")
    private UrlSource url;

    @Size(min = 1, max = Limits.MODEL_PATH)
    @Pattern("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
    // Linear in the (bounded) length; split() would build a list and cost far more.
    @ValidationRule(value = "self != '..' && !self.startsWith('../') && !self.endsWith('/..') && !self.contains('/../')",
            message = "path must stay inside the model source: no '..' segment")
    @JsonPropertyDescription("Folder of the model inside the source (relative, e.g. vit-base). Omit when the source root is the model folder.")
    private String path;

    public PvcSource getPvc() {
        return pvc;
    }

    public void setPvc(PvcSource pvc) {
        this.pvc = pvc;
    }

    public HostPathSource getHostPath() {
        return hostPath;
    }

    public void setHostPath(HostPathSource hostPath) {
        this.hostPath = hostPath;
    }

    public UrlSource getUrl() {
        return url;
    }

    public void setUrl(UrlSource url) {
        this.url = url;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
