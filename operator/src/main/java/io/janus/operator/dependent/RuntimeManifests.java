package io.janus.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentSpec;
import io.janus.operator.api.v1alpha1.spec.AutoscalingSpec;
import io.janus.operator.api.v1alpha1.spec.CloudSpec;
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
    /** clusterIP of a headless Service. */
    public static final String HEADLESS = "None";
    /** The cloud's gauge of calls waiting (runtime-cloud CloudMetrics), as the HPA's pods metric. */
    public static final String QUEUE_LENGTH_METRIC = "janus_cloud_queue_length";
    static final String DEFAULT_CPU_REQUEST = "500m";
    static final String DEFAULT_MEMORY_REQUEST = "1Gi";
    /** /tmp (an emptyDir): DJL's JNI library and the profile cache, or a whole libtorch an image leaves to extract. */
    static final String DEFAULT_EPHEMERAL_STORAGE_REQUEST = "1Gi";

    private static final String CONFIG_VOLUME = "config";
    private static final String MODEL_VOLUME = "model";
    private static final String TMP_VOLUME = "tmp";
    private static final String TLS_VOLUME = "tls";
    private static final String DJL_CACHE = "/tmp/djl";

    private RuntimeManifests() {}

    /** Name, namespace and labels of one half's object (the owner reference is the dependent resource's to add). */
    private static ObjectMeta metadata(JanusDeployment jd, String name, String component) {
        return new ObjectMetaBuilder().withName(name).withNamespace(jd.getMetadata().getNamespace())
                .withLabels(Names.componentLabels(jd, component)).build();
    }

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

    /**
     * Headless: the cluster DNS name resolves to every ready cloud pod rather than to one virtual IP, so the edge's
     * round robin ({@code dns:///}) reaches each replica instead of staying on the one its connection first hit.
     */
    public static Service cloudService(JanusDeployment jd) {
        JanusDeploymentSpec spec = jd.getSpec();
        return new ServiceBuilder()
                .withMetadata(metadata(jd, Names.cloud(jd), Names.CLOUD))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withClusterIP(HEADLESS)
                    .withSelector(Names.selector(jd, Names.CLOUD))
                    .addNewPort().withName("grpc").withProtocol("TCP")
                        .withPort(RuntimePorts.cloudPort(spec)).withNewTargetPort("grpc").endPort()
                    .addNewPort().withName("metrics").withProtocol("TCP")
                        .withPort(RuntimePorts.cloudMetricsPort(spec)).withNewTargetPort("metrics").endPort()
                .endSpec()
                .build();
    }

    /** The edge's HTTP API (POST /v1/infer, GET /v1/status) for clients in the cluster. */
    public static Service edgeService(JanusDeployment jd) {
        return new ServiceBuilder()
                .withMetadata(metadata(jd, Names.edge(jd), Names.EDGE))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Names.selector(jd, Names.EDGE))
                    .addNewPort().withName("http").withProtocol("TCP")
                        .withPort(RuntimePorts.edgePort(jd.getSpec())).withNewTargetPort("http").endPort()
                .endSpec()
                .build();
    }

    /**
     * At most one cloud pod down at a time by eviction (a node drain): with several replicas the others keep
     * serving; with one, a drain may still proceed and the edges run device-only meanwhile. Edge pods are tied to
     * their device, so they get none.
     */
    public static PodDisruptionBudget cloudDisruptionBudget(JanusDeployment jd) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(jd, Names.cloud(jd), Names.CLOUD))
                .withNewSpec()
                    .withNewMaxUnavailable(1)
                    .withNewSelector().withMatchLabels(Names.selector(jd, Names.CLOUD)).endSelector()
                .endSpec()
                .build();
    }

    public static Deployment cloudDeployment(JanusDeployment jd, String defaultImage) {
        JanusDeploymentSpec spec = jd.getSpec();
        int port = RuntimePorts.cloudPort(spec);
        int metrics = RuntimePorts.cloudMetricsPort(spec);
        // HTTP on the metrics port, not gRPC: the kubelet's gRPC probe has no client certificate for the mTLS port.
        Container runtime = runtimeContainer(Names.CLOUD, spec.getCloud(), spec, defaultImage)
                .withArgs(Names.CLOUD, "--config", Names.CONFIG_DIR + "/" + Names.CLOUD_PROPERTIES)
                .withPorts(port("grpc", port), port("metrics", metrics))
                // Loading the model onto the GPU can take minutes; the startup probe covers it.
                .withStartupProbe(http("/healthz", metrics, 5, 60))
                .withReadinessProbe(http("/readyz", metrics, 5, 2))
                .withLivenessProbe(http("/healthz", metrics, 10, 3))
                .build();
        return deployment(jd, Names.cloud(jd), Names.CLOUD, spec.getCloud(), cloudReplicas(spec.getCloud()), runtime,
                defaultImage, cloudTlsSecret(spec));
    }

    /** The edge half as a fixed count of pods (placement Fixed). */
    public static Deployment edgeDeployment(JanusDeployment jd, String defaultImage) {
        JanusDeploymentSpec spec = jd.getSpec();
        return deployment(jd, Names.edge(jd), Names.EDGE, spec.getEdge(),
                spec.getEdge() == null ? null : spec.getEdge().getReplicas(), edgeContainer(spec, defaultImage),
                defaultImage, edgeTlsSecret(spec));
    }

    /**
     * The edge half on every node the nodeSelector matches (placement PerNode): the DaemonSet controller gives a
     * node that joins its edge pod and removes the pod of a node that leaves. One pod at a time is replaced on a
     * change, the device's old pod going before its new one starts (a Jetson holds one model).
     */
    public static DaemonSet edgeDaemonSet(JanusDeployment jd, String defaultImage) {
        JanusDeploymentSpec spec = jd.getSpec();
        return new DaemonSetBuilder()
                .withMetadata(metadata(jd, Names.edge(jd), Names.EDGE))
                .withNewSpec()
                    .withNewSelector().withMatchLabels(Names.selector(jd, Names.EDGE)).endSelector()
                    .withNewUpdateStrategy().withType("RollingUpdate")
                        .withNewRollingUpdate().withNewMaxSurge(0).withNewMaxUnavailable(1).endRollingUpdate()
                    .endUpdateStrategy()
                    .withTemplate(podTemplate(jd, Names.EDGE, spec.getEdge(), edgeContainer(spec, defaultImage),
                            defaultImage, edgeTlsSecret(spec)))
                .endSpec()
                .build();
    }

    /**
     * Scales the cloud Deployment between the spec's bounds on CPU utilization and, when asked, on the average queue
     * length the cloud pods export (janus_cloud_queue_length, served to the HPA by a custom-metrics adapter).
     */
    public static HorizontalPodAutoscaler cloudAutoscaler(JanusDeployment jd) {
        AutoscalingSpec a = jd.getSpec().getCloud().getAutoscaling();
        List<MetricSpec> metrics = new ArrayList<>(List.of(new MetricSpecBuilder().withType("Resource")
                .withNewResource().withName("cpu").withNewTarget().withType("Utilization")
                    .withAverageUtilization(Optional.ofNullable(a.getTargetCpuUtilizationPercent())
                            .orElse(AutoscalingSpec.DEFAULT_TARGET_CPU_UTILIZATION_PERCENT))
                .endTarget().endResource().build()));
        if (a.getTargetQueueLength() != null) {
            metrics.add(new MetricSpecBuilder().withType("Pods")
                    .withNewPods().withNewMetric().withName(QUEUE_LENGTH_METRIC).endMetric()
                        .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(
                                String.valueOf(a.getTargetQueueLength()))).endTarget()
                    .endPods().build());
        }
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(metadata(jd, Names.cloud(jd), Names.CLOUD))
                .withNewSpec()
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(Names.cloud(jd))
                    .endScaleTargetRef()
                    .withMinReplicas(Optional.ofNullable(a.getMinReplicas()).orElse(AutoscalingSpec.DEFAULT_MIN_REPLICAS))
                    .withMaxReplicas(a.getMaxReplicas())
                    .withMetrics(metrics)
                .endSpec()
                .build();
    }

    /** The spec's replicas, or none (not owned) when an autoscaler decides or the spec leaves it to kubectl scale. */
    static Integer cloudReplicas(CloudSpec cloud) {
        return cloud == null || cloud.getAutoscaling() != null ? null : cloud.getReplicas();
    }

    private static Container edgeContainer(JanusDeploymentSpec spec, String defaultImage) {
        int port = RuntimePorts.edgePort(spec);
        return runtimeContainer(Names.EDGE, spec.getEdge(), spec, defaultImage)
                .withArgs(Names.EDGE, "--config", Names.CONFIG_DIR + "/" + Names.EDGE_PROPERTIES)
                .withPorts(port("http", port))
                .withStartupProbe(http("/healthz", port, 5, 60))
                .withReadinessProbe(http("/readyz", port, 5, 2))
                .withLivenessProbe(http("/healthz", port, 10, 3))
                .build();
    }

    private static String cloudTlsSecret(JanusDeploymentSpec spec) {
        return spec.getTls() == null ? null : spec.getTls().getCloudSecretName();
    }

    private static String edgeTlsSecret(JanusDeploymentSpec spec) {
        return spec.getTls() == null ? null : spec.getTls().getEdgeSecretName();
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
                                         Integer replicas, Container runtime, String defaultImage, String tlsSecret) {
        return new DeploymentBuilder()
                .withMetadata(metadata(jd, name, component))
                .withNewSpec()
                    // Unset: left out, so this field manager does not own it and an HPA or kubectl scale
                    // decides (the API server defaults a new Deployment to 1). Set: the spec wins.
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(Names.selector(jd, component)).endSelector()
                    // One pod at a time and no surge: a GPU or a Jetson cannot host old and new pods side by side.
                    .withNewStrategy().withType("RollingUpdate")
                        .withNewRollingUpdate().withNewMaxSurge(0).withNewMaxUnavailable(1).endRollingUpdate()
                    .endStrategy()
                    .withTemplate(podTemplate(jd, component, half, runtime, defaultImage, tlsSecret))
                .endSpec()
                .build();
    }

    /** The pods of one half, the same whether a Deployment or a DaemonSet runs them. */
    private static PodTemplateSpec podTemplate(JanusDeployment jd, String component, RuntimeSpec half,
                                               Container runtime, String defaultImage, String tlsSecret) {
        RuntimeSpec h = Optional.ofNullable(half).orElseGet(RuntimeSpec::new);
        List<Container> init = jd.getSpec().getModel().getUrl() == null
                ? List.of() : List.of(fetchModel(jd.getSpec().getModel(), image(half, defaultImage)));
        return new PodTemplateSpecBuilder()
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
                            .withSupplementalGroups(h.getSupplementalGroups())
                            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .build())
                    .withInitContainers(init)
                    .withContainers(runtime)
                    .withVolumes(volumes(jd, tlsSecret))
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
        if (!requests.containsKey("ephemeral-storage") && !limits.containsKey("ephemeral-storage")) {
            out.addToRequests("ephemeral-storage", new Quantity(DEFAULT_EPHEMERAL_STORAGE_REQUEST));
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
