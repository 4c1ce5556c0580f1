package io.janus.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Size;
import io.janus.operator.api.v1alpha1.Limits;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Placement and sizing shared by both halves. */
public class RuntimeSpec {

    @Size(min = 1, max = Limits.IMAGE)
    @Pattern("^[^\\s]+$")
    @JsonPropertyDescription("Runtime image. Defaults to the operator's runtime image (ghcr.io/janus-project/janus-runtime:<version>).")
    private String image;

    @Size(max = 12)
    @Pattern("^(Always|IfNotPresent|Never)$")
    @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
    private String imagePullPolicy;

    @Size(max = Limits.ENTRIES)
    @JsonPropertyDescription("Node labels the pods must match, e.g. kubernetes.io/arch: arm64 for the Jetson.")
    private Map<String, String> nodeSelector;

    @Size(max = Limits.ENTRIES)
    @JsonPropertyDescription("Tolerations, e.g. for a tainted edge or GPU node.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity rules for the pods.")
    private Affinity affinity;

    @JsonPropertyDescription("Compute resources. Requests default to 500m CPU and 1Gi memory; the cloud needs nvidia.com/gpu in its limits to use a GPU.")
    private ResourceRequirements resources;

    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Number of pods (default 1). The edge with placement Fixed only; the cloud without autoscaling only. Omitted, the operator leaves the count to kubectl scale.")
    private Integer replicas;

    @Size(max = Limits.DNS_SUBDOMAIN)
    @Pattern(Limits.DNS_SUBDOMAIN_PATTERN)
    @JsonPropertyDescription("RuntimeClass of the pods, e.g. nvidia on a K3s Jetson node whose GPU is exposed through the NVIDIA container runtime.")
    private String runtimeClassName;

    @Size(max = Limits.ENTRIES)
    @JsonPropertyDescription("Extra environment variables for the runtime container, e.g. PYTORCH_LIBRARY_PATH on a Jetson. An entry named like one the operator sets (HOME, DJL_CACHE_DIR, ENGINE_CACHE_DIR) replaces it; of several entries with one name the last wins, as in a plain pod.")
    private List<EnvVar> env;

    @Size(max = Limits.ENTRIES)
    @JsonPropertyDescription("Extra groups of the runtime process, e.g. [44] for the video group that owns a Jetson's GPU devices (/dev/nvhost-*, /dev/nvmap) on L4T; check with `getent group video` on the device.")
    private List<Long> supplementalGroups;

    public List<Long> getSupplementalGroups() {
        return supplementalGroups;
    }

    public void setSupplementalGroups(List<Long> supplementalGroups) {
        this.supplementalGroups = supplementalGroups;
    }

    public String getRuntimeClassName() {
        return runtimeClassName;
    }

    public void setRuntimeClassName(String runtimeClassName) {
        this.runtimeClassName = runtimeClassName;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }
}
