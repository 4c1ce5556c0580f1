package io.janus.operator.fleet;

import static io.janus.operator.TestingCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.api.v1alpha1.spec.AutoscalingSpec;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.cluster.TestingControlPlane;
import io.janus.operator.cluster.TestingControlPlane.AuditEvent;
import io.janus.operator.cluster.TestingJanusDeployments;
import io.janus.operator.cluster.TestingOperatorInstall;
import io.janus.operator.dependent.RuntimeManifests;
import io.janus.operator.naming.Names;
import io.janus.operator.reconciler.JanusDeploymentReconciler;
import io.janus.operator.status.PodIpEndpoints;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A fleet on the real control plane: simulated Jetsons (KWOK nodes labelled kubernetes.io/arch=arm64 and
 * janus.io/role=edge, tainted janus.io/edge), the operator installed by the chart and running as its
 * ServiceAccount. The DaemonSet controller of the real controller-manager places one edge per Jetson, the
 * scheduler binds, KWOK runs the pods; the real HPA controller scales the cloud Deployment, and the garbage
 * collector removes everything with the JanusDeployment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    static final String OPERATOR_NS = "janus-fleet-system";
    static final String RELEASE = "janus-fleet";
    static final String POD = "janus-fleet-janus-operator-5c8d-0";
    static final String NS = "fleet";
    static final String NAME = "fleet";
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final Map<String, String> JETSON_LABELS = Map.of("kubernetes.io/arch", "arm64", "janus.io/role", "edge");
    /** The control plane's own Jetson plus these four make five; the test adds a sixth later. */
    static final List<String> FLEET_NODES = IntStream.rangeClosed(1, 4).mapToObj(i -> "jetson-fleet-" + i).toList();
    static final String JOINING_NODE = "jetson-fleet-5";

    static TestingControlPlane cp;
    static KubernetesClient admin;
    static TestingJanusDeployments jds;
    static TestingOperatorInstall install;
    static Operator operator;
    static JanusDeployment jd;

    @BeforeAll
    static void jetsonsAndTheOperator() {
        cp = TestingControlPlane.shared();
        cp.applyCrd();
        admin = cp.admin();
        jds = new TestingJanusDeployments(admin);
        FLEET_NODES.forEach(FleetIT::addJetson);
        jds.namespace(NS); // the chart's Role for the watched namespace goes there
        install = TestingOperatorInstall.helmInstall(cp, RELEASE, OPERATOR_NS, Map.of("watchNamespaces[0]", NS));
        operator = install.start(POD, new PodIpEndpoints());
    }

    @AfterAll
    static void stopAndRemoveTheNodes() {
        if (operator != null) {
            operator.stop();
        }
        if (admin != null) {
            Stream.concat(FLEET_NODES.stream(), Stream.of(JOINING_NODE))
                    .forEach(n -> admin.nodes().withName(n).delete());
        }
    }

    static void addJetson(String name) {
        cp.addNode(name, JETSON_LABELS, TestingControlPlane.EDGE_TAINT, Map.of(), "arm64");
    }

    static List<String> jetsons() {
        return admin.nodes().withLabels(JETSON_LABELS).list().getItems().stream().map(n -> n.getMetadata().getName())
                .sorted().toList();
    }

    /** An edge on every Jetson, a cloud pool of 2 to 5 pods on the GPU node. */
    static JanusDeployment fleet() {
        JanusDeployment wanted = TestingJanusDeployments.placed(NS, NAME);
        wanted.getSpec().getEdge().setPlacement(EdgeSpec.PER_NODE);
        wanted.getSpec().getEdge().setNodeSelector(JETSON_LABELS);
        AutoscalingSpec autoscaling = new AutoscalingSpec();
        autoscaling.setMinReplicas(2);
        autoscaling.setMaxReplicas(5);
        autoscaling.setTargetCpuUtilizationPercent(70);
        wanted.getSpec().getCloud().setAutoscaling(autoscaling);
        return wanted;
    }

    static List<Pod> readyEdgePods() {
        return jds.pods(jd, Names.EDGE).stream().filter(FleetIT::ready).toList();
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static JanusDeploymentStatus status() {
        JanusDeployment now = jds.get(NS, NAME);
        return now == null || now.getStatus() == null ? new JanusDeploymentStatus() : now.getStatus();
    }

    /** One ready edge pod on each Jetson, none elsewhere, and the status saying n/n. */
    static void awaitOneEdgePerJetson(int n) {
        await(n + " ready edge pods, one per Jetson, and the status " + n + "/" + n, TIMEOUT, () ->
                readyEdgePods().size() == n && (n + "/" + n).equals(status().getEdgesReady()));
        List<String> nodes = readyEdgePods().stream().map(p -> p.getSpec().getNodeName()).sorted().toList();
        assertThat(nodes).as("the edge pods' nodes").isEqualTo(jetsons()).doesNotHaveDuplicates();
        assertThat(status().getReadyEdges()).isEqualTo(n);
        assertThat(status().getDesiredEdges()).isEqualTo(n);
        String columns = cp.kubectl("get", "jd", NAME, "-n", NS);
        List<String> header = List.of(columns.lines().findFirst().orElseThrow().trim().split("\\s+"));
        List<String> row = List.of(columns.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+"));
        assertThat(header).contains("EDGES");
        assertThat(row).as("kubectl get jd").contains(n + "/" + n);
    }

    @Test
    @Order(1)
    void aPerNodeEdgeRunsOnEveryJetsonAndOnlyThere() {
        assertThat(jetsons()).hasSizeGreaterThanOrEqualTo(5);
        jd = jds.create(fleet());
        await("the edge DaemonSet", TIMEOUT, () -> daemonSet().isPresent());
        assertThat(jds.deployment(NS, Names.edge(jd))).as("no edge Deployment with placement PerNode").isEmpty();
        awaitOneEdgePerJetson(jetsons().size());
        assertThat(status().getEdges()).as("one status entry per edge pod, with its node")
                .extracting(e -> e.getNode()).containsExactlyInAnyOrderElementsOf(jetsons());
        assertThat(admin.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get().getData()
                .get(Names.EDGE_PROPERTIES)).contains("cloud=dns:///fleet-cloud.fleet.svc:50051");
        assertThat(admin.services().inNamespace(NS).withName(Names.cloud(jd)).get().getSpec().getClusterIP())
                .as("the cloud Service is headless").isEqualTo("None");
    }

    @Test
    @Order(2)
    void aJetsonThatJoinsGetsItsEdge() {
        int before = jetsons().size();
        addJetson(JOINING_NODE);
        awaitOneEdgePerJetson(before + 1);
        assertThat(readyEdgePods()).extracting(p -> p.getSpec().getNodeName()).contains(JOINING_NODE);
    }

    @Test
    @Order(3)
    void theHpaOwnsTheCloudReplicasAndTheOperatorLeavesThemAlone() {
        await("the cloud's HPA", TIMEOUT, () -> autoscaler().isPresent());
        HorizontalPodAutoscaler hpa = autoscaler().orElseThrow();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Names.cloud(jd));
        assertThat(hpa.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(70));
        // The HPA controller raises a Deployment below minReplicas without needing any metric.
        await("the HPA controller scales the cloud to minReplicas", TIMEOUT, () -> Integer.valueOf(2)
                .equals(cloud().getSpec().getReplicas()) && jds.pods(jd, Names.CLOUD).stream().filter(FleetIT::ready).count() == 2);

        // A spec change the operator must apply to the cloud Deployment (its config hash changes).
        long generation = jds.editSpec(NS, NAME, s -> s.getCloud().setMaxConnectionAgeSeconds(60)).getMetadata().getGeneration();
        await("the operator applied the new generation", TIMEOUT, () -> Long.valueOf(generation)
                .equals(status().getObservedGeneration()) && cloud().getSpec().getTemplate().getMetadata()
                .getAnnotations().get(Names.CONFIG_HASH_ANNOTATION) != null
                && admin.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get().getData()
                .get(Names.CLOUD_PROPERTIES).contains("max-connection-age-seconds=60"));
        assertThat(cloud().getSpec().getReplicas()).as("the HPA's replicas survive the operator").isEqualTo(2);
        assertThat(cloud().getMetadata().getManagedFields())
                .filteredOn(f -> f.getManager().equals(JanusDeploymentReconciler.NAME)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties().toString()).doesNotContain("f:replicas"));
    }

    @Test
    @Order(4)
    void removingAutoscalingDeletesTheHpa() {
        jds.editSpec(NS, NAME, s -> s.getCloud().setAutoscaling(null));
        await("the HPA deleted", TIMEOUT, () -> autoscaler().isEmpty());
    }

    @Test
    @Order(5)
    void deletingTheJanusDeploymentCollectsTheWholeFleet() {
        admin.resource(jds.get(NS, NAME)).delete();
        await("garbage collection of the DaemonSet, the cloud and every pod", TIMEOUT, () -> dependents().isEmpty()
                && admin.pods().inNamespace(NS).list().getItems().isEmpty()
                && admin.apps().replicaSets().inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    @Order(6)
    void aCloudServiceWithAClusterIpIsReplacedByTheHeadlessOne() {
        JanusDeployment paused = TestingJanusDeployments.placed(NS, "legacy");
        paused.getSpec().setPaused(true);
        JanusDeployment legacy = jds.create(paused);
        // What an operator before the headless Service left: a ClusterIP Service (the API server allocates the IP).
        Service old = new ServiceBuilder(RuntimeManifests.cloudService(legacy)).editSpec().withClusterIP(null).endSpec()
                .editMetadata().addNewOwnerReference().withApiVersion(legacy.getApiVersion()).withKind(legacy.getKind())
                    .withName(legacy.getMetadata().getName()).withUid(legacy.getMetadata().getUid()).withController(true)
                    .withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata().build();
        Service created = admin.resource(old).create();
        assertThat(created.getSpec().getClusterIP()).isNotEqualTo("None");

        jds.editSpec(NS, "legacy", s -> s.setPaused(false));
        await("the cloud Service replaced by a headless one", TIMEOUT, () -> {
            Service now = admin.services().inNamespace(NS).withName(Names.cloud(legacy)).get();
            return now != null && "None".equals(now.getSpec().getClusterIP())
                    && !created.getMetadata().getUid().equals(now.getMetadata().getUid());
        });
        admin.resource(jds.get(NS, "legacy")).delete();
    }

    @Test
    @Order(100)
    void theChartsRbacCoversTheFleet() {
        String user = "system:serviceaccount:" + OPERATOR_NS + ":" + install.serviceAccount();
        List<AuditEvent> mine = cp.requestsSince(Instant.EPOCH).stream().filter(e -> e.user().equals(user)).toList();
        Set<String> resources = mine.stream().map(AuditEvent::resource).filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(resources).as("what the operator touched").contains("daemonsets", "horizontalpodautoscalers");
        assertThat(mine).filteredOn(AuditEvent::forbidden).as("requests RBAC forbade").isEmpty();
    }

    static java.util.Optional<DaemonSet> daemonSet() {
        return java.util.Optional.ofNullable(admin.apps().daemonSets().inNamespace(NS).withName(Names.edge(jd)).get());
    }

    static java.util.Optional<HorizontalPodAutoscaler> autoscaler() {
        return java.util.Optional.ofNullable(admin.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS)
                .withName(Names.cloud(jd)).get());
    }

    static Deployment cloud() {
        return jds.deployment(NS, Names.cloud(jd)).orElseThrow();
    }

    static List<HasMetadata> dependents() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(admin.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get());
        all.add(admin.services().inNamespace(NS).withName(Names.cloud(jd)).get());
        all.add(admin.services().inNamespace(NS).withName(Names.edge(jd)).get());
        all.add(admin.policy().v1().podDisruptionBudget().inNamespace(NS).withName(Names.cloud(jd)).get());
        all.add(admin.apps().deployments().inNamespace(NS).withName(Names.cloud(jd)).get());
        all.add(admin.apps().daemonSets().inNamespace(NS).withName(Names.edge(jd)).get());
        all.add(autoscaler().orElse(null));
        return all.stream().filter(Objects::nonNull).toList();
    }
}
