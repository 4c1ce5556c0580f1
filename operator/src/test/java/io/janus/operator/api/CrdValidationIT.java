package io.janus.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.janus.operator.cluster.TestingControlPlane;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation of the CRD (bounds, patterns, required fields, CEL rules) on a real kube-apiserver:
 * for each field a JanusDeployment that it admits and one it refuses, by server-side dry run
 * ({@code kubectl apply --dry-run=server}), the refusal naming the field.
 */
class CrdValidationIT {

    static final String NS = "validation";
    static final Object REMOVE = new Object();
    static TestingControlPlane cp;

    @BeforeAll
    static void apply() {
        cp = TestingControlPlane.shared();
        cp.applyCrd();
        cp.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
    }

    /** A field set to a value; {@code rejection} null when the value must be admitted, else words the error must contain. */
    record Case(String path, Object value, List<String> rejection) {
        @Override
        public String toString() {
            String shown = value == REMOVE ? "<absent>" : String.valueOf(value);
            return path + " = " + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
                    + (rejection == null ? " admitted" : " refused");
        }
    }

    static Case ok(String path, Object value) {
        return new Case(path, value, null);
    }

    static Case bad(String path, Object value, String... words) {
        return new Case(path, value, List.of(words));
    }

    static Stream<Case> cases() {
        return Stream.of(
                // metadata.name becomes the Services <name>-cloud and <name>-edge.
                ok("metadata.name", "a".repeat(57)),
                bad("metadata.name", "a".repeat(58), "metadata.name must have at most 57 characters"),
                bad("metadata.name", "9lives", "metadata.name must start with a lowercase letter"),
                bad("metadata.name", "my.demo", "metadata.name must start with a lowercase letter"),
                // spec.model: exactly one source.
                bad("spec.model.hostPath", REMOVE, "set exactly one model source"),
                bad("spec.model.pvc", Map.of("claimName", "models"), "set exactly one model source"),
                bad("spec.model", REMOVE, "spec.model", "Required value"),
                ok("spec.model.hostPath.path", "/"),
                bad("spec.model.hostPath.path", "opt/models", "spec.model.hostPath.path"),
                bad("spec.model.hostPath.path", "/" + "a".repeat(1024), "spec.model.hostPath.path", "Too long"),
                bad("spec.model.hostPath.path", REMOVE, "spec.model.hostPath.path", "Required value"),
                ok("spec.model.path", "vit/base-16"),
                bad("spec.model.path", "../etc", "spec.model.path", "no '..' segment"),
                bad("spec.model.path", "a/../../b", "spec.model.path", "no '..' segment"),
                bad("spec.model.path", "a/..", "spec.model.path", "no '..' segment"),
                bad("spec.model.path", "..", "spec.model.path", "no '..' segment"),
                ok("spec.model.path", "a..b/..c"),
                bad("spec.model.path", "/abs", "spec.model.path"),
                bad("spec.model.path", "x".repeat(254), "spec.model.path", "Too long"),
                // the other sources, each alone
                ok("spec.model", Map.of("pvc", Map.of("claimName", "models.v1"))),
                bad("spec.model", Map.of("pvc", Map.of("claimName", "Models_1")), "spec.model.pvc.claimName"),
                bad("spec.model", Map.of("pvc", Map.of("claimName", "m".repeat(254))), "spec.model.pvc.claimName", "Too long"),
                bad("spec.model", Map.of("pvc", Map.of()), "spec.model.pvc.claimName", "Required value"),
                ok("spec.model", Map.of("url", Map.of("url", "https://example.org/m.tar.gz", "sha256", "a".repeat(64)))),
                bad("spec.model", Map.of("url", Map.of("url", "http://example.org/m.tar.gz", "sha256", "a".repeat(64))),
                        "spec.model.url.url"),
                bad("spec.model", Map.of("url", Map.of("url", "https://example.org/m.tar.gz", "sha256", "ABC")),
                        "spec.model.url.sha256"),
                bad("spec.model", Map.of("url", Map.of("url", "https://example.org/m.tar.gz")), "spec.model.url.sha256",
                        "Required value"),
                // spec.sla
                bad("spec.sla", REMOVE, "spec.sla", "Required value"),
                bad("spec.sla.latencyMs", REMOVE, "spec.sla.latencyMs", "Required value"),
                ok("spec.sla.latencyMs", 1),
                bad("spec.sla.latencyMs", 0, "spec.sla.latencyMs"),
                bad("spec.sla.latencyMs", -5, "spec.sla.latencyMs"),
                bad("spec.sla.latencyMs", 600001, "spec.sla.latencyMs"),
                ok("spec.sla.minAccuracy", 0.9),
                bad("spec.sla.minAccuracy", 1.5, "spec.sla.minAccuracy"),
                bad("spec.sla.minAccuracy", -0.1, "spec.sla.minAccuracy"),
                // spec.scheduler
                ok("spec.scheduler.deltaAlpha", 1),
                bad("spec.scheduler.deltaAlpha", 0, "spec.scheduler.deltaAlpha", "greater than 0"),
                bad("spec.scheduler.deltaAlpha", 1.5, "spec.scheduler.deltaAlpha"),
                ok("spec.scheduler.alphaMax", 0),
                bad("spec.scheduler.alphaMax", 1.01, "spec.scheduler.alphaMax"),
                bad("spec.scheduler.alphaMax", -0.5, "spec.scheduler.alphaMax"),
                ok("spec.scheduler.minTokens", 8),
                bad("spec.scheduler.minTokens", 0, "spec.scheduler.minTokens"),
                bad("spec.scheduler.minTokens", 100001, "spec.scheduler.minTokens"),
                bad("spec.scheduler", Map.of("alphaMax", 0.5, "minTokens", 8), "spec.scheduler.minTokens",
                        "set at most one of alphaMax and minTokens"),
                ok("spec.scheduler.splitGranularity", 64),
                bad("spec.scheduler.splitGranularity", 0, "spec.scheduler.splitGranularity"),
                bad("spec.scheduler.splitGranularity", 65, "spec.scheduler.splitGranularity"),
                ok("spec.scheduler.codec", "int8"),
                bad("spec.scheduler.codec", "fp8", "spec.scheduler.codec"),
                ok("spec.scheduler.frameCodec", "jpeg:100"),
                ok("spec.scheduler.frameCodec", "lossless"),
                bad("spec.scheduler.frameCodec", "jpeg:0", "spec.scheduler.frameCodec"),
                bad("spec.scheduler.frameCodec", "jpeg:101", "spec.scheduler.frameCodec"),
                bad("spec.scheduler.frameCodec", "png", "spec.scheduler.frameCodec"),
                ok("spec.scheduler.bandwidthWindow", 1000),
                bad("spec.scheduler.bandwidthWindow", 0, "spec.scheduler.bandwidthWindow"),
                bad("spec.scheduler.bandwidthWindow", 1001, "spec.scheduler.bandwidthWindow"),
                ok("spec.scheduler.bandwidthPriorMbps", 0.5),
                bad("spec.scheduler.bandwidthPriorMbps", 0, "spec.scheduler.bandwidthPriorMbps", "greater than 0"),
                bad("spec.scheduler.bandwidthPriorMbps", -1, "spec.scheduler.bandwidthPriorMbps"),
                bad("spec.scheduler.bandwidthPriorMbps", 2e6, "spec.scheduler.bandwidthPriorMbps"),
                // spec.edge and spec.cloud share the runtime fields
                ok("spec.edge.replicas", 2),
                bad("spec.edge.replicas", 0, "spec.edge.replicas"),
                bad("spec.cloud.replicas", -1, "spec.cloud.replicas"),
                bad("spec.cloud.replicas", 65, "spec.cloud.replicas"),
                ok("spec.edge.image", "registry.example.org:5000/janus/runtime@sha256:" + "a".repeat(64)),
                bad("spec.edge.image", "janus runtime", "spec.edge.image"),
                bad("spec.edge.image", "", "spec.edge.image"),
                bad("spec.edge.image", "i".repeat(1025), "spec.edge.image", "Too long"),
                ok("spec.cloud.imagePullPolicy", "Never"),
                bad("spec.cloud.imagePullPolicy", "Sometimes", "spec.cloud.imagePullPolicy"),
                ok("spec.cloud.runtimeClassName", "nvidia"),
                bad("spec.cloud.runtimeClassName", "Nvidia_Runtime", "spec.cloud.runtimeClassName"),
                ok("spec.edge.env", env(64)),
                bad("spec.edge.env", env(65), "spec.edge.env", "Too many"),
                bad("spec.edge.tolerations", tolerations(65), "spec.edge.tolerations", "Too many"),
                bad("spec.edge.nodeSelector", labels(65), "spec.edge.nodeSelector", "Too many"),
                ok("spec.edge.nodeSelector", labels(64)),
                ok("spec.edge.port", 65535),
                bad("spec.edge.port", 0, "spec.edge.port"),
                bad("spec.edge.port", 65536, "spec.edge.port"),
                ok("spec.cloud.port", 50052),
                bad("spec.cloud.port", 70000, "spec.cloud.port"),
                bad("spec.cloud.metricsPort", 0, "spec.cloud.metricsPort"),
                bad("spec.cloud", Map.of("port", 7000, "metricsPort", 7000), "spec.cloud.metricsPort",
                        "port and metricsPort must differ"),
                bad("spec.cloud.port", 9090, "spec.cloud.metricsPort", "port and metricsPort must differ"),
                bad("spec.cloud.metricsPort", 50051, "spec.cloud.metricsPort", "port and metricsPort must differ"),
                ok("spec.cloud.workers", 256),
                bad("spec.cloud.workers", 0, "spec.cloud.workers"),
                bad("spec.cloud.workers", 257, "spec.cloud.workers"),
                // spec.edge.placement: a fleet (PerNode) or a count (Fixed)
                ok("spec.edge", Map.of("placement", "PerNode", "nodeSelector", Map.of("janus.io/role", "edge"))),
                ok("spec.edge", Map.of("placement", "Fixed", "replicas", 3)),
                bad("spec.edge.placement", "Everywhere", "spec.edge.placement"),
                bad("spec.edge", Map.of("placement", "PerNode", "nodeSelector", Map.of("janus.io/role", "edge"),
                        "replicas", 2), "spec.edge.replicas", "replicas applies to placement Fixed only"),
                bad("spec.edge", Map.of("placement", "PerNode"), "spec.edge.nodeSelector",
                        "placement PerNode needs a nodeSelector"),
                bad("spec.edge", Map.of("placement", "PerNode", "nodeSelector", Map.of()), "spec.edge.nodeSelector",
                        "placement PerNode needs a nodeSelector"),
                // spec.cloud.autoscaling
                ok("spec.cloud.autoscaling", Map.of("minReplicas", 2, "maxReplicas", 8, "targetCpuUtilizationPercent", 70,
                        "targetQueueLength", 4)),
                ok("spec.cloud.autoscaling", Map.of("maxReplicas", 1)),
                bad("spec.cloud.autoscaling", Map.of("minReplicas", 2), "spec.cloud.autoscaling.maxReplicas", "Required value"),
                bad("spec.cloud.autoscaling", Map.of("minReplicas", 5, "maxReplicas", 4), "spec.cloud.autoscaling.minReplicas",
                        "minReplicas (default 1) must not exceed maxReplicas"),
                bad("spec.cloud.autoscaling", Map.of("maxReplicas", 65), "spec.cloud.autoscaling.maxReplicas"),
                bad("spec.cloud.autoscaling", Map.of("minReplicas", 0, "maxReplicas", 4), "spec.cloud.autoscaling.minReplicas"),
                bad("spec.cloud.autoscaling", Map.of("maxReplicas", 4, "targetCpuUtilizationPercent", 0),
                        "spec.cloud.autoscaling.targetCpuUtilizationPercent"),
                bad("spec.cloud.autoscaling", Map.of("maxReplicas", 4, "targetQueueLength", 0),
                        "spec.cloud.autoscaling.targetQueueLength"),
                bad("spec.cloud", Map.of("replicas", 2, "autoscaling", Map.of("maxReplicas", 4)), "spec.cloud.autoscaling",
                        "set at most one of replicas and autoscaling"),
                ok("spec.cloud.maxBatch", 256),
                bad("spec.cloud.maxBatch", 0, "spec.cloud.maxBatch"),
                bad("spec.cloud.maxBatch", 257, "spec.cloud.maxBatch"),
                ok("spec.cloud.maxBatchWaitMs", 0),
                bad("spec.cloud.maxBatchWaitMs", -1, "spec.cloud.maxBatchWaitMs"),
                bad("spec.cloud.maxBatchWaitMs", 1001, "spec.cloud.maxBatchWaitMs"),
                ok("spec.cloud.maxConnectionAgeSeconds", 120),
                bad("spec.cloud.maxConnectionAgeSeconds", 0, "spec.cloud.maxConnectionAgeSeconds"),
                bad("spec.cloud.maxConnectionAgeSeconds", 86401, "spec.cloud.maxConnectionAgeSeconds"),
                // spec.tls
                ok("spec.tls", Map.of("cloudSecretName", "janus-cloud-tls", "edgeSecretName", "janus-edge-tls")),
                bad("spec.tls", Map.of("cloudSecretName", "janus-cloud-tls"), "spec.tls.edgeSecretName", "Required value"),
                bad("spec.tls", Map.of("cloudSecretName", "Cloud_TLS", "edgeSecretName", "e"), "spec.tls.cloudSecretName"),
                // spec.paused
                ok("spec.paused", true),
                bad("spec.paused", "yes", "spec.paused", "boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFieldAdmitsSenseAndRefusesNonsenseNamingTheField(Case c) {
        GenericKubernetesResource jd = with(base(), c.path(), c.value());
        if (c.rejection() == null) {
            GenericKubernetesResource admitted = cp.admin().resource(jd).dryRun().create();
            assertThat(admitted.getMetadata().getName()).isEqualTo(jd.getMetadata().getName());
        } else {
            assertThatThrownBy(() -> cp.admin().resource(jd).dryRun().create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                    .message().contains(c.rejection());
        }
    }

    @Test
    void everyExampleIsAdmitted() throws Exception {
        List<java.nio.file.Path> examples;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (var example : examples) {
            GenericKubernetesResource jd = cp.admin().getKubernetesSerialization()
                    .unmarshal(java.nio.file.Files.readString(example), GenericKubernetesResource.class);
            jd.getMetadata().setNamespace(NS);
            assertThat(cp.admin().resource(jd).dryRun().create()).as(example.toString()).isNotNull();
        }
    }

    static GenericKubernetesResource base() {
        return cp.admin().getKubernetesSerialization().unmarshal("""
                apiVersion: janus.io/v1alpha1
                kind: JanusDeployment
                metadata:
                  name: demo
                  namespace: validation
                spec:
                  model:
                    hostPath:
                      path: /opt/janus/models
                    path: vit-tiny-mnist
                  sla:
                    latencyMs: 200
                """, GenericKubernetesResource.class);
    }

    /** The resource with the dotted {@code path} set to {@code value} (or removed), creating objects on the way. */
    @SuppressWarnings("unchecked")
    static GenericKubernetesResource with(GenericKubernetesResource jd, String path, Object value) {
        if (path.equals("metadata.name")) {
            jd.getMetadata().setName((String) value);
            return jd;
        }
        String[] keys = path.split("\\.");
        Map<String, Object> node = jd.getAdditionalProperties();
        for (int i = 0; i < keys.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
        }
        if (value == REMOVE) {
            node.remove(keys[keys.length - 1]);
        } else {
            node.put(keys[keys.length - 1], value);
        }
        return jd;
    }

    static List<Map<String, Object>> env(int n) {
        return IntStream.range(0, n).<Map<String, Object>>mapToObj(i -> Map.of("name", "V" + i, "value", "x")).toList();
    }

    static List<Map<String, Object>> tolerations(int n) {
        return IntStream.range(0, n).<Map<String, Object>>mapToObj(i -> Map.of("key", "k" + i, "operator", "Exists"))
                .toList();
    }

    static Map<String, String> labels(int n) {
        Map<String, String> m = new LinkedHashMap<>();
        IntStream.range(0, n).forEach(i -> m.put("l" + i, "v"));
        return m;
    }
}
