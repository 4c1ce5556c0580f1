package io.janus.operator.reconciler;

import static io.janus.operator.TestingCluster.await;
import static io.janus.operator.TestingCluster.collectGarbage;
import static io.janus.operator.TestingCluster.markReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.janus.operator.OperatorConfig;
import io.janus.operator.TestingEdgeStatusServer;
import io.janus.operator.api.Examples;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentSpec;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.api.v1alpha1.spec.AutoscalingSpec;
import io.janus.operator.api.v1alpha1.spec.CloudSpec;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.api.v1alpha1.spec.TlsSpec;
import io.janus.operator.dependent.RuntimeManifests;
import io.janus.operator.naming.Names;
import io.janus.plan.Mode;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator end to end against the fabric8 mock API server (CRUD mode, no SSA, no GC, no kubelet). */
@EnableKubernetesMockClient(crud = true)
class JanusDeploymentReconcilerTest {

    static final String NS = "janus";
    static final String NAME = "demo";
    static final String IMAGE = "example.org/janus-runtime:test";
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration WRITE = Duration.ofMillis(300);
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    KubernetesClient client;
    TestingEdgeStatusServer edgeServer;
    /** The edge pods the operator's endpoint strategy reports; tests add pods as the edge "starts". */
    final List<String> edgePods = new CopyOnWriteArrayList<>();
    Operator operator;

    @BeforeEach
    void start() throws IOException {
        try (InputStream crd = new FileInputStream("target/classes/META-INF/fabric8/janusdeployments.janus.io-v1.yml")) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        }
        edgeServer = new TestingEdgeStatusServer();
        operator = startOperator();
    }

    @AfterEach
    void stop() {
        operator.stop();
        edgeServer.close();
    }

    Operator startOperator() {
        Operator op = new Operator(o -> o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false));
        op.register(new JanusDeploymentReconciler(OperatorConfig.forTesting(IMAGE, POLL, WRITE),
                (jd, c) -> edgePods.stream().map(edgeServer::endpoint).toList(), Clock.systemUTC()));
        op.start();
        return op;
    }

    @Test
    void createsConfigAndCloudButHoldsTheEdgeUntilTheCloudServes() {
        JanusDeployment jd = create(minimal());

        await("cloud Deployment", TIMEOUT, () -> deployment(Names.cloud(jd)).isPresent());
        Deployment cloud = deployment(Names.cloud(jd)).orElseThrow();
        Container c = cloud.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(IMAGE);
        assertThat(c.getCommand()).containsExactly("/opt/janus/janus");
        assertThat(c.getArgs()).containsExactly("cloud", "--config", "/etc/janus/cloud.properties");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(cloud.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(cloud.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(jd.getMetadata().getUid()));

        ConfigMap config = client.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get();
        assertThat(config.getData().get("cloud.properties")).contains("model=/models/vit-tiny-mnist", "port=50051", "plaintext=true");
        assertThat(config.getData().get("edge.properties"))
                .contains("cloud=dns:///demo-cloud.janus.svc:50051", "sla-ms=300", "http-port=8080");
        Service service = client.services().inNamespace(NS).withName(Names.cloud(jd)).get();
        assertThat(service.getSpec().getSelector()).containsEntry(Names.LABEL_COMPONENT, Names.CLOUD);
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(50051, 9090);
        Service edgeApi = client.services().inNamespace(NS).withName(Names.edge(jd)).get();
        assertThat(edgeApi.getSpec().getSelector()).containsEntry(Names.LABEL_COMPONENT, Names.EDGE);
        assertThat(edgeApi.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8080);
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(Names.cloud(jd)).get().getSpec()
                .getMaxUnavailable().getIntVal()).isEqualTo(1);

        await("status Pending with the edge waiting", TIMEOUT, () -> "Pending".equals(phase())
                && "WaitingForCloud".equals(condition(Conditions.EDGE_READY).getReason()));
        assertThat(deployment(Names.edge(jd))).isEmpty();

        markReady(client, NS, Names.cloud(jd), 1);
        await("edge Deployment after the cloud is ready", TIMEOUT, () -> deployment(Names.edge(jd)).isPresent());
        Deployment edge = deployment(Names.edge(jd)).orElseThrow();
        Container e = edge.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(e.getArgs()).containsExactly("edge", "--config", "/etc/janus/edge.properties");
        assertThat(e.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(e.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(edge.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("kubernetes.io/arch", "arm64");
        assertThat(edge.getSpec().getTemplate().getSpec().getTolerations()).extracting(t -> t.getKey())
                .containsExactly("jetson");
        assertThat(edge.getSpec().getSelector().getMatchLabels()).containsEntry(Names.LABEL_COMPONENT, Names.EDGE);

        markReady(client, NS, Names.edge(jd), 1);
        await("Ready", TIMEOUT, () -> "True".equals(condition(Conditions.READY).getStatus()));
    }

    @Test
    void specChangeUpdatesTheDeploymentsAndRollsThePods() {
        JanusDeployment jd = create(minimal());
        await("cloud", TIMEOUT, () -> deployment(Names.cloud(jd)).isPresent());
        markReady(client, NS, Names.cloud(jd), 1);
        await("edge", TIMEOUT, () -> deployment(Names.edge(jd)).isPresent());
        String cloudHash = configHash(Names.cloud(jd));
        String edgeHash = configHash(Names.edge(jd));

        editSpec(spec -> {
            spec.getSla().setLatencyMs(150);
            spec.getEdge().setImage("example.org/janus-runtime:jetson");
            spec.getEdge().setReplicas(2);
        });

        await("edge rolled to the new config and image", TIMEOUT, () -> {
            keepReady(Names.cloud(jd));
            Deployment edge = deployment(Names.edge(jd)).orElseThrow();
            return !configHash(Names.edge(jd)).equals(edgeHash) && edge.getSpec().getReplicas() == 2
                    && "example.org/janus-runtime:jetson".equals(edge.getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getImage());
        });
        assertThat(client.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get().getData()
                .get("edge.properties")).contains("sla-ms=150");
        // The SLA only concerns the edge: the cloud's configuration file and its pods stay as they are.
        assertThat(configHash(Names.cloud(jd))).isEqualTo(cloudHash);
    }

    @Test
    void statusFollowsTheEdgeAndIsNotRewrittenWhenUnchanged() {
        JanusDeployment jd = create(minimal());
        await("cloud", TIMEOUT, () -> deployment(Names.cloud(jd)).isPresent());
        markReady(client, NS, Names.cloud(jd), 1);
        await("edge", TIMEOUT, () -> deployment(Names.edge(jd)).isPresent());
        markReady(client, NS, Names.edge(jd), 1);
        edgeServer.respond("demo-edge-a", TestingEdgeStatusServer.status(3, 0.12, "Collaborative", 140.2, 0.01));
        edgePods.add("demo-edge-a");

        await("decision in status", TIMEOUT, () -> {
            JanusDeploymentStatus s = status();
            return Integer.valueOf(3).equals(s.getSplitPoint()) && "Running".equals(s.getPhase());
        });
        JanusDeploymentStatus s = status();
        assertThat(s.getDecliningRate()).isEqualTo(0.12);
        assertThat(s.getMode()).isEqualTo(Mode.COLLABORATIVE);
        assertThat(s.getBandwidthMbps()).isEqualTo(12.3);
        assertThat(s.getLatencyP50Ms()).isEqualTo(81.0);
        assertThat(s.getLatencyP95Ms()).isEqualTo(140.2);
        assertThat(s.getSlaViolationRatio()).isEqualTo(0.01);
        assertThat(s.getThroughputFps()).isEqualTo(9.5);
        assertThat(s.getLastDecisionTime()).isEqualTo("2026-11-22T18:00:00Z");
        assertThat(s.getEdges()).isNull();
        assertThat(condition(Conditions.CLOUD_REACHABLE).getStatus()).isEqualTo("True");
        assertThat(s.getObservedGeneration()).isEqualTo(resource().getMetadata().getGeneration());

        String version = resource().getMetadata().getResourceVersion();
        int polled = edgeServer.requests();
        await("at least five more polls", TIMEOUT, () -> edgeServer.requests() >= polled + 5);
        assertThat(resource().getMetadata().getResourceVersion()).as("no write while nothing changed").isEqualTo(version);

        edgeServer.respond("demo-edge-a", TestingEdgeStatusServer.status(0, 0.0, "CloudOnly", 90.0, 0.0));
        await("new decision", TIMEOUT, () -> status().getMode() == Mode.CLOUD_ONLY && status().getSplitPoint() == 0);

        edgeServer.respond("demo-edge-b", TestingEdgeStatusServer.status(5, 0.3, "Collaborative", 280.0, 0.2));
        edgePods.add("demo-edge-b");
        await("one entry per edge pod; the worst pod on top", TIMEOUT, () -> status().getEdges() != null
                && status().getEdges().size() == 2 && status().getSplitPoint() == 5);
        assertThat(status().getThroughputFps()).isEqualTo(19.0);
    }

    @Test
    void invalidSpecBecomesAConditionAndAnEventAndRecoversWhenFixed() {
        JanusDeployment bad = minimal();
        TlsSpec tls = new TlsSpec();
        tls.setCloudSecretName("cloud-tls");
        tls.setEdgeSecretName("edge-tls");
        bad.getSpec().setTls(tls);
        JanusDeployment jd = create(bad);

        await("Invalid", TIMEOUT, () -> "Invalid".equals(phase()));
        Condition ready = condition(Conditions.READY);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("TlsSecretMissing");
        assertThat(ready.getMessage()).contains("Secret cloud-tls (spec.tls.cloudSecretName) does not exist in namespace janus");
        assertThat(condition(Conditions.DEGRADED).getStatus()).isEqualTo("True");
        await("warning event", TIMEOUT, () -> events().stream()
                .anyMatch(e -> "TlsSecretMissing".equals(e.getReason()) && "Warning".equals(e.getType())));
        assertThat(deployment(Names.cloud(jd))).as("nothing runs on an invalid spec").isEmpty();

        for (String name : List.of("cloud-tls", "edge-tls")) {
            client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                    .withType("kubernetes.io/tls")
                    .withData(Map.of("tls.crt", "Y2VydA==", "tls.key", "a2V5", "ca.crt", "Y2E=")).build()).create();
        }
        // Secrets are not watched; an invalid resource is re-validated at the poll interval.
        await("recovered", TIMEOUT, () -> "Pending".equals(phase()) && deployment(Names.cloud(jd)).isPresent());
        Deployment cloud = deployment(Names.cloud(jd)).orElseThrow();
        assertThat(cloud.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName())
                .containsExactly("cloud-tls");
        assertThat(client.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get().getData()
                .get("cloud.properties")).contains("tls-cert=/etc/janus/tls/tls.crt").doesNotContain("plaintext");
        await("recovery event", TIMEOUT, () -> events().stream().anyMatch(e -> "SpecValid".equals(e.getReason())));
    }

    @Test
    void aCrashingHalfIsNamedInTheConditions() {
        JanusDeployment jd = create(minimal());
        await("cloud", TIMEOUT, () -> deployment(Names.cloud(jd)).isPresent());
        // What the kubelet reports for a cloud pod whose runtime exits because the model folder is missing.
        client.resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("demo-cloud-7f9c-x2")
                    .withNamespace(NS).withLabels(Names.componentLabels(jd, Names.CLOUD)).endMetadata()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("cloud")
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(2)
                        .withMessage("/models/vit-tiny-mnist: no such directory (spec.model)").endTerminated().endLastState()
                .endContainerStatus().endStatus().build()).create();

        await("the pod's failure in CloudReady and Ready", TIMEOUT,
                () -> "CrashLoopBackOff".equals(condition(Conditions.CLOUD_READY).getReason()));
        assertThat(condition(Conditions.CLOUD_READY).getMessage())
                .isEqualTo("0/1 cloud pods ready; pod demo-cloud-7f9c-x2 container cloud CrashLoopBackOff: exited with 2: "
                        + "/models/vit-tiny-mnist: no such directory (spec.model)");
        assertThat(condition(Conditions.READY).getReason()).isEqualTo("CloudNotReady");
        assertThat(condition(Conditions.READY).getMessage()).contains("no such directory");
    }

    @Test
    void deleteRemovesTheDependents() {
        JanusDeployment jd = create(minimal());
        await("cloud", TIMEOUT, () -> deployment(Names.cloud(jd)).isPresent());
        markReady(client, NS, Names.cloud(jd), 1);
        await("edge", TIMEOUT, () -> deployment(Names.edge(jd)).isPresent());
        JanusDeployment other = minimal();
        other.getMetadata().setName("other");
        JanusDeployment kept = create(other);
        await("other cloud", TIMEOUT, () -> deployment(Names.cloud(kept)).isPresent());

        client.resource(resource()).delete();
        await("deleted", TIMEOUT, () -> resource() == null);
        collectGarbage(client, NS, List.of(kept.getMetadata().getUid()));

        await("no dependents of the deleted resource", TIMEOUT, () -> deployment(Names.cloud(jd)).isEmpty()
                && deployment(Names.edge(jd)).isEmpty()
                && client.configMaps().inNamespace(NS).withName(Names.configMap(jd)).get() == null
                && client.services().inNamespace(NS).withName(Names.cloud(jd)).get() == null);
        assertThat(deployment(Names.cloud(kept))).as("the other resource keeps its runtimes").isPresent();
    }

    @Test
    void operatorRestartCreatesNoDuplicates() {
        JanusDeployment jd = create(minimal());
        await("cloud", TIMEOUT, () -> deployment(Names.cloud(jd)).isPresent());
        markReady(client, NS, Names.cloud(jd), 1);
        await("edge", TIMEOUT, () -> deployment(Names.edge(jd)).isPresent());
        String cloudUid = deployment(Names.cloud(jd)).orElseThrow().getMetadata().getUid();
        String edgeUid = deployment(Names.edge(jd)).orElseThrow().getMetadata().getUid();

        operator.stop();
        operator = startOperator();
        // A spec change after the restart proves the new operator reconciles the existing objects.
        editSpec(spec -> spec.getSla().setLatencyMs(200));
        await("reconciled by the new operator", TIMEOUT, () -> status().getObservedGeneration() != null
                && status().getObservedGeneration().equals(resource().getMetadata().getGeneration()));

        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).hasSize(2);
        assertThat(client.services().inNamespace(NS).list().getItems()).hasSize(2); // the cloud's and the edge's
        assertThat(client.configMaps().inNamespace(NS).withLabel(Names.LABEL_MANAGED_BY).list().getItems()).hasSize(1);
        assertThat(deployment(Names.cloud(jd)).orElseThrow().getMetadata().getUid()).isEqualTo(cloudUid);
        assertThat(deployment(Names.edge(jd)).orElseThrow().getMetadata().getUid()).isEqualTo(edgeUid);
    }

    @Test
    void placementAndAutoscalingEachBringTheirObjectAndTakeItAwayWhenUnset() {
        JanusDeployment wanted = minimal();
        wanted.getSpec().getEdge().setPlacement(EdgeSpec.PER_NODE);
        CloudSpec cloud = new CloudSpec();
        AutoscalingSpec autoscaling = new AutoscalingSpec();
        autoscaling.setMaxReplicas(4);
        cloud.setAutoscaling(autoscaling);
        wanted.getSpec().setCloud(cloud);
        JanusDeployment jd = create(wanted);

        await("the cloud Deployment and its HPA", TIMEOUT, () -> autoscaler(Names.cloud(jd)).isPresent()
                && deployment(Names.cloud(jd)).isPresent());
        assertThat(autoscaler(Names.cloud(jd)).orElseThrow().getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(deployment(Names.cloud(jd)).orElseThrow().getSpec().getReplicas()).as("left to the HPA").isNull();
        markReady(client, NS, Names.cloud(jd), 1);
        await("the edge DaemonSet", TIMEOUT, () -> daemonSet(Names.edge(jd)).isPresent());
        assertThat(deployment(Names.edge(jd))).as("no edge Deployment with placement PerNode").isEmpty();

        markFleetReady(Names.edge(jd), 2, 3);
        await("edges ready/desired in the status", TIMEOUT, () -> "2/3".equals(status().getEdgesReady()));
        assertThat(status().getReadyEdges()).isEqualTo(2);
        assertThat(status().getDesiredEdges()).isEqualTo(3);
        assertThat(condition(Conditions.EDGE_READY).getMessage()).contains("2/3 edge pods ready");

        editSpec(spec -> {
            spec.getEdge().setPlacement(EdgeSpec.FIXED);
            spec.getCloud().setAutoscaling(null);
        });
        await("the HPA and the DaemonSet gone, an edge Deployment instead", TIMEOUT, () -> {
            keepReady(Names.cloud(jd));
            return autoscaler(Names.cloud(jd)).isEmpty() && daemonSet(Names.edge(jd)).isEmpty()
                    && deployment(Names.edge(jd)).isPresent();
        });
    }

    @Test
    void aCloudServiceFromBeforeItWasHeadlessIsReplacedByTheHeadlessOne() {
        JanusDeployment paused = minimal();
        paused.getSpec().setPaused(true);
        JanusDeployment jd = create(paused);
        // What an operator before the headless Service left: a ClusterIP Service, owned by the JanusDeployment.
        Service old = new ServiceBuilder(RuntimeManifests.cloudService(jd)).editSpec().withClusterIP("10.96.0.17").endSpec()
                .editMetadata().addNewOwnerReference().withApiVersion(jd.getApiVersion()).withKind(jd.getKind())
                    .withName(NAME).withUid(jd.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata().build();
        String oldUid = client.resource(old).create().getMetadata().getUid();

        editSpec(spec -> spec.setPaused(false));
        await("the cloud Service replaced by a headless one", TIMEOUT, () -> {
            Service now = client.services().inNamespace(NS).withName(Names.cloud(jd)).get();
            return now != null && "None".equals(now.getSpec().getClusterIP()) && !oldUid.equals(now.getMetadata().getUid());
        });
    }

    /** examples/minimal.yaml as janus/demo (model folder vit-tiny-mnist, a 300 ms SLA), its edge placed on arm64 nodes. */
    static JanusDeployment minimal() {
        JanusDeployment jd = Examples.load(Examples.MINIMAL, NS, NAME);
        jd.getMetadata().setLabels(Map.of("app", "demo"));
        EdgeSpec edge = new EdgeSpec();
        edge.setNodeSelector(Map.of("kubernetes.io/arch", "arm64"));
        edge.setTolerations(List.of(new TolerationBuilder().withKey("jetson").withOperator("Exists")
                .withEffect("NoSchedule").build()));
        jd.getSpec().setEdge(edge);
        return jd;
    }

    JanusDeployment create(JanusDeployment jd) {
        return client.resource(jd).create();
    }

    /** Changes the spec, retrying when a concurrent status write wins the optimistic lock (as kubectl would). */
    void editSpec(java.util.function.Consumer<JanusDeploymentSpec> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                JanusDeployment jd = resource();
                change.accept(jd.getSpec());
                client.resource(jd).update();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    JanusDeployment resource() {
        return client.resources(JanusDeployment.class).inNamespace(NS).withName(NAME).get();
    }

    JanusDeploymentStatus status() {
        JanusDeployment jd = resource();
        return jd == null || jd.getStatus() == null ? new JanusDeploymentStatus() : jd.getStatus();
    }

    String phase() {
        return status().getPhase();
    }

    Condition condition(String type) {
        return Conditions.find(status().getConditions(), type).orElse(new Condition());
    }

    Optional<Deployment> deployment(String name) {
        return Optional.ofNullable(client.apps().deployments().inNamespace(NS).withName(name).get());
    }

    /** The kubelet reports the new cloud pod ready after a rollout (the mock server drops status on update). */
    void keepReady(String deployment) {
        if (deployment(deployment).map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null)
                .orElse(false)) {
            markReady(client, NS, deployment, 1);
        }
    }

    Optional<DaemonSet> daemonSet(String name) {
        return Optional.ofNullable(client.apps().daemonSets().inNamespace(NS).withName(name).get());
    }

    Optional<HorizontalPodAutoscaler> autoscaler(String name) {
        return Optional.ofNullable(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(name).get());
    }

    /** What the DaemonSet controller would report for {@code desired} matching nodes, {@code ready} of them ready. */
    void markFleetReady(String name, int ready, int desired) {
        DaemonSet ds = daemonSet(name).orElseThrow();
        ds.setStatus(new DaemonSetStatusBuilder().withNumberReady(ready).withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(desired).withUpdatedNumberScheduled(desired).withNumberMisscheduled(0)
                .build());
        client.apps().daemonSets().inNamespace(NS).resource(ds).updateStatus();
    }

    String configHash(String deployment) {
        return deployment(deployment).orElseThrow().getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Names.CONFIG_HASH_ANNOTATION);
    }

    List<Event> events() {
        return client.v1().events().inNamespace(NS).list().getItems();
    }
}
