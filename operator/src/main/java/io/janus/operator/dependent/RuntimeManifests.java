package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentSpec;
import io.janus.operator.api.v1alpha1.spec.ModelSpec;
import io.janus.operator.api.v1alpha1.spec.RuntimeSpec;
import io.janus.operator.naming.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pure builders of everything the operator creates for a JanusDeployment; unit-tested without a cluster. */
public final class RuntimeManifests {

    /** The runtime image runs as this non-root user (images/runtime/Dockerfile). */
    public static final long RUNTIME_UID = 10001L;
    static final String DEFAULT_CPU_REQUEST = "500m";
    static final String DEFAULT_MEMORY_REQUEST = "1Gi";

    private static final String CONFIG_VOLUME = "config";
    private static final String MODEL_VOLUME = "model";
    private static final String TMP_VOLUME = "tmp";
    private static final String TLS_VOLUME = "tls";
    private static final String DJL_CACHE = "/tmp/djl";

    private RuntimeManifests() {}

    public static ConfigMap configMap(JanusDeployment jd) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(Names.configMap(jd))
                    .withNamespace(jd.getMetadata().getNamespace())
                    .withLabels(Names.labels(jd))
                .endMetadata()
                .withData(configData(jd))
                .build();
    }

    public static Map<String, String> configData(JanusDeployment jd) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(Names.CLOUD_PROPERTIES, RuntimeProperties.render(RuntimeProperties.cloud(jd)));
        data.put(Names.EDGE_PROPERTIES, RuntimeProperties.render(RuntimeProperties.edge(jd)));
        return data;
    }

    public static Service cloudService(JanusDeployment jd) {
        JanusDeploymentSpec spec = jd.getSpec();
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(Names.cloud(jd))
                    .withNamespace(jd.getMetadata().getNamespace())
                    .withLabels(Names.componentLabels(jd, Names.CLOUD))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Names.selector(jd, Names.CLOUD))
                    .addNewPort().withName("grpc").withProtocol("TCP")
                        .withPort(RuntimePorts.cloudPort(spec)).withNewTargetPort("grpc").endPort()
                    .addNewPort().withName("metrics").withProtocol("TCP")
                        .withPort(RuntimePorts.cloudMetricsPort(spec)).withNewTargetPort("metrics").endPort()
                .endSpec()
                .build();
    }

    public static Deployment cloudDeployment(JanusDeployment jd, String defaultImage) {
        JanusDeploymentSpec spec = jd.getSpec();
        int port = RuntimePorts.cloudPort(spec);
        Probe grpc = new ProbeBuilder().withNewGrpc().withPort(port).endGrpc().build();
        Container runtime = runtimeContainer(Names.CLOUD, spec.getCloud(), spec, defaultImage)
                .withArgs(Names.CLOUD, "--config", Names.CONFIG_DIR + "/" + Names.CLOUD_PROPERTIES)
                .withPorts(port("grpc", port), port("metrics", RuntimePorts.cloudMetricsPort(spec)))
                // Loading the model onto the GPU can take minutes; the startup probe covers it.
                .withStartupProbe(new ProbeBuilder(grpc).withPeriodSeconds(5).withFailureThreshold(60).build())
                .withReadinessProbe(new ProbeBuilder(grpc).withPeriodSeconds(5).withFailureThreshold(2).build())
                .withLivenessProbe(new ProbeBuilder(grpc).withPeriodSeconds(10).withFailureThreshold(3).build())
                .build();
        return deployment(jd, Names.cloud(jd), Names.CLOUD, spec.getCloud(), runtime, defaultImage, spec.getTls() == null
                ? null : spec.getTls().getCloudSecretName());
    }

    public static Deployment edgeDeployment(JanusDeployment jd, String defaultImage) {
        JanusDeploymentSpec spec = jd.getSpec();
        int port = RuntimePorts.edgePort(spec);
        Container runtime = runtimeContainer(Names.EDGE, spec.getEdge(), spec, defaultImage)
                .withArgs(Names.EDGE, "--config", Names.CONFIG_DIR + "/" + Names.EDGE_PROPERTIES)
                .withPorts(port("http", port))
                .withStartupProbe(http("/healthz", port, 5, 60))
                .withReadinessProbe(http("/readyz", port, 5, 2))
                .withLivenessProbe(http("/healthz", port, 10, 3))
                .build();
        return deployment(jd, Names.edge(jd), Names.EDGE, spec.getEdge(), runtime, defaultImage, spec.getTls() == null
                ? null : spec.getTls().getEdgeSecretName());
    }

    /**
     * Hash of one half's configuration file; stamped on that half's pod template so a change rolls its
     * pods and only its pods (an edge-only change must not restart the cloud's GPU pod).
     */
    public static String configHash(JanusDeployment jd, String component) {
        String file = Names.CLOUD.equals(component) ? Names.CLOUD_PROPERTIES : Names.EDGE_PROPERTIES;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(file.getBytes(StandardCharsets.UTF_8));
            sha.update(configData(jd).get(file).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public static String image(RuntimeSpec half, String defaultImage) {
        return half != null && half.getImage() != null ? half.getImage() : defaultImage;
    }

    private static Deployment deployment(JanusDeployment jd, String name, String component, RuntimeSpec half,
                                         Container runtime, String defaultImage, String tlsSecret) {
        RuntimeSpec h = Optional.ofNullable(half).orElseGet(RuntimeSpec::new);
        List<Container> init = jd.getSpec().getModel().getUrl() == null
                ? List.of() : List.of(fetchModel(jd.getSpec().getModel(), image(half, defaultImage)));
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(jd.getMetadata().getNamespace())
                    .withLabels(Names.componentLabels(jd, component))
                .endMetadata()
                .withNewSpec()
                    // Unset: left out, so this field manager does not own it and an HPA or kubectl scale
                    // decides (the API server defaults a new Deployment to 1). Set: the spec wins.
                    .withReplicas(h.getReplicas())
                    .withNewSelector().withMatchLabels(Names.selector(jd, component)).endSelector()
                    // One pod at a time and no surge: a GPU or a Jetson cannot host old and new pods side by side.
                    .withNewStrategy().withType("RollingUpdate")
                        .withNewRollingUpdate().withNewMaxSurge(0).withNewMaxUnavailable(1).endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(Names.componentLabels(jd, component))
                            .withAnnotations(Map.of(Names.CONFIG_HASH_ANNOTATION, configHash(jd, component)))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withRuntimeClassName(h.getRuntimeClassName())
                            .withNodeSelector(h.getNodeSelector())
                            .withTolerations(h.getTolerations())
                            .withAffinity(h.getAffinity())
                            .withSecurityContext(new PodSecurityContextBuilder()
                                    .withRunAsNonRoot(true)
                                    .withRunAsUser(RUNTIME_UID)
                                    .withRunAsGroup(RUNTIME_UID)
                                    .withFsGroup(RUNTIME_UID)
                                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                                    .build())
                            .withInitContainers(init)
                            .withContainers(runtime)
                            .withVolumes(volumes(jd, tlsSecret))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static ContainerBuilder runtimeContainer(String component, RuntimeSpec half, JanusDeploymentSpec spec,
                                                     String defaultImage) {
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                mount(CONFIG_VOLUME, Names.CONFIG_DIR, true),
                mount(MODEL_VOLUME, Names.MODELS_DIR, true),
                mount(TMP_VOLUME, "/tmp", false)));
        if (spec.getTls() != null) {
            mounts.add(mount(TLS_VOLUME, Names.TLS_DIR, true));
        }
        List<EnvVar> env = mergeEnv(List.of(
                env("HOME", "/tmp"),
                // DJL extracts its native library; the root filesystem is read-only.
                env("DJL_CACHE_DIR", DJL_CACHE),
                env("ENGINE_CACHE_DIR", DJL_CACHE)), half == null ? null : half.getEnv());
        return new ContainerBuilder()
                .withName(component)
                .withImage(image(half, defaultImage))
                .withImagePullPolicy(half == null ? null : half.getImagePullPolicy())
                .withCommand(Names.LAUNCHER)
                .withEnv(env)
                .withResources(resources(half))
                .withSecurityContext(containerSecurity())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mounts);
    }

    /**
     * The operator's variables overlaid with the user's: one entry per name (server-side apply treats
     * env as a map keyed by name and refuses duplicates), a user entry replacing the operator's in
     * place, and of several user entries with one name the last winning, as the kubelet resolves them.
     */
    static List<EnvVar> mergeEnv(List<EnvVar> operator, List<EnvVar> user) {
        Map<String, EnvVar> byName = new LinkedHashMap<>();
        operator.forEach(e -> byName.put(e.getName(), e));
        Optional.ofNullable(user).orElse(List.of()).forEach(e -> byName.put(e.getName(), withoutEmptyValue(e)));
        return List.copyOf(byName.values());
    }

    /** value: "" is what the API server stores as no value; applying it would differ from what it returns. */
    private static EnvVar withoutEmptyValue(EnvVar e) {
        return "".equals(e.getValue()) ? new EnvVarBuilder(e).withValue(null).build() : e;
    }

    /** Downloads the model archive, checks its sha256 and unpacks it into the shared model volume. */
    private static Container fetchModel(ModelSpec model, String image) {
        String script = String.join("\n",
                "set -eu",
                "curl -fsSL --proto =https --retry 3 -o /tmp/model.tar.gz \"$MODEL_URL\"",
                "echo \"$MODEL_SHA256  /tmp/model.tar.gz\" | sha256sum -c - >/dev/null || {",
                "  echo \"model archive $MODEL_URL does not match sha256 $MODEL_SHA256\" >&2; exit 1; }",
                "tar -xzf /tmp/model.tar.gz -C " + Names.MODELS_DIR,
                "rm -f /tmp/model.tar.gz");
        return new ContainerBuilder()
                .withName("fetch-model")
                .withImage(image)
                .withCommand("/bin/sh", "-c", script)
                .withEnv(env("MODEL_URL", model.getUrl().getUrl()), env("MODEL_SHA256", model.getUrl().getSha256()))
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                        .build())
                .withSecurityContext(containerSecurity())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mount(MODEL_VOLUME, Names.MODELS_DIR, false), mount(TMP_VOLUME, "/tmp", false))
                .build();
    }

    private static List<Volume> volumes(JanusDeployment jd, String tlsSecret) {
        ModelSpec model = jd.getSpec().getModel();
        VolumeBuilder modelVolume = new VolumeBuilder().withName(MODEL_VOLUME);
        if (model.getPvc() != null) {
            modelVolume.withNewPersistentVolumeClaim(model.getPvc().getClaimName(), true);
        } else if (model.getHostPath() != null) {
            modelVolume.withNewHostPath(model.getHostPath().getPath(), "Directory");
        } else {
            modelVolume.withNewEmptyDir().endEmptyDir();
        }
        List<Volume> volumes = new ArrayList<>(List.of(
                new VolumeBuilder().withName(CONFIG_VOLUME)
                        .withNewConfigMap().withName(Names.configMap(jd)).endConfigMap().build(),
                modelVolume.build(),
                new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build()));
        if (tlsSecret != null) {
            volumes.add(new VolumeBuilder().withName(TLS_VOLUME)
                    .withNewSecret().withSecretName(tlsSecret).withDefaultMode(0440).endSecret().build());
        }
        return volumes;
    }

    /** The user's resources, with CPU and memory requests filled in so the scheduler can place the pod. */
    static ResourceRequirements resources(RuntimeSpec half) {
        ResourceRequirements given = half == null || half.getResources() == null
                ? new ResourceRequirements() : half.getResources();
        ResourceRequirementsBuilder out = new ResourceRequirementsBuilder(given);
        Map<String, Quantity> requests = given.getRequests() == null ? Map.of() : given.getRequests();
        Map<String, Quantity> limits = given.getLimits() == null ? Map.of() : given.getLimits();
        // Kubernetes defaults a missing request to the limit; only fill what neither sets.
        if (!requests.containsKey("cpu") && !limits.containsKey("cpu")) {
            out.addToRequests("cpu", new Quantity(DEFAULT_CPU_REQUEST));
        }
        if (!requests.containsKey("memory") && !limits.containsKey("memory")) {
            out.addToRequests("memory", new Quantity(DEFAULT_MEMORY_REQUEST));
        }
        return out.build();
    }

    private static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withPrivileged(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    private static Probe http(String path, int port, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withNewPort(port).endHttpGet()
                .withPeriodSeconds(period).withFailureThreshold(failures).build();
    }

    private static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        // readOnly: false is the default the API server omits; sending it would make the server-side-apply
        // matcher see a difference on every reconcile and patch the Deployment each time.
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? true : null).build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
