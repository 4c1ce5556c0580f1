package io.janus.operator;

import static io.janus.operator.TestingCluster.await;
import static io.janus.operator.cluster.TestingJanusDeployments.condition;
import static io.janus.operator.cluster.TestingJanusDeployments.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.edge.EdgeConfig;
import io.janus.edge.EdgeOptions;
import io.janus.edge.EdgeServer;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.cluster.TestingControlPlane;
import io.janus.operator.cluster.TestingControlPlane.AuditEvent;
import io.janus.operator.cluster.TestingJanusDeployments;
import io.janus.operator.cluster.TestingOperatorInstall;
import io.janus.operator.naming.Names;
import io.janus.operator.reconciler.JanusDeploymentReconciler;
import io.janus.operator.status.PodIpEndpoints;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.testing.ProjectFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.janus.wire.LoopbackPorts;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator on a real control plane (etcd, kube-apiserver, controller-manager, scheduler, KWOK nodes),
 * installed with the Helm chart and running in-process with its production configuration as the chart's
 * ServiceAccount: server-side apply as in OperatorMain, RBAC as the chart grants it. The API server's
 * audit log tells what the operator wrote.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {

    static final String OPERATOR_NS = "janus-system";
    static final String RELEASE = "janus";
    static final String POD = "janus-janus-operator-7d9f-0";
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final List<String> DEPENDENT_RESOURCES = List.of("configmaps", "services", "deployments", "poddisruptionbudgets");

    static TestingControlPlane cp;
    static TestingOperatorInstall install;
    static TestingJanusDeployments jds;
    static KubernetesClient admin;
    static Operator operator;

    @BeforeAll
    static void installAndStart() {
        cp = TestingControlPlane.shared();
        cp.applyCrd();
        admin = cp.admin();
        jds = new TestingJanusDeployments(admin);
        install = TestingOperatorInstall.helmInstall(cp, RELEASE, OPERATOR_NS, Map.of());
        operator = install.start(POD, new PodIpEndpoints());
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.stop();
        }
    }

    static String operatorUser() {
        return "system:serviceaccount:" + OPERATOR_NS + ":" + install.serviceAccount();
    }

    static List<AuditEvent> operatorWrites(Instant since, String namespace) {
        return cp.writesSince(since).stream().filter(e -> e.user().equals(operatorUser()))
                .filter(e -> namespace == null || namespace.equals(e.namespace())).toList();
    }

    static JanusDeployment createSteady(String ns, JanusDeployment jd) {
        jds.namespace(ns);
        JanusDeployment created = jds.create(jd);
        await(ns + "/" + jd.getMetadata().getName() + " steady", TIMEOUT, () -> jds.steady(created));
        return created;
    }

    /** Waits until the operator has written nothing in {@code ns} for {@code quiet}. */
    static void settle(String ns, Duration quiet) {
        Instant from = Instant.now();
        await("the operator stops writing in " + ns, TIMEOUT, () -> Instant.now().isAfter(from.plus(quiet))
                && operatorWrites(Instant.now().minus(quiet), ns).isEmpty());
    }

    static Map<String, String> versions(JanusDeployment jd) {
        Map<String, String> v = new LinkedHashMap<>();
        dependents(jd).forEach(o -> v.put(o.getKind() + "/" + o.getMetadata().getName(),
                o.getMetadata().getUid() + "@" + o.getMetadata().getResourceVersion()));
        return v;
    }

    static List<HasMetadata> dependents(JanusDeployment jd) {
        String ns = jd.getMetadata().getNamespace();
        return Stream.<HasMetadata>of(admin.configMaps().inNamespace(ns).withName(Names.configMap(jd)).get(),
                        admin.services().inNamespace(ns).withName(Names.cloud(jd)).get(),
                        admin.services().inNamespace(ns).withName(Names.edge(jd)).get(),
                        admin.policy().v1().podDisruptionBudget().inNamespace(ns).withName(Names.cloud(jd)).get(),
                        admin.apps().deployments().inNamespace(ns).withName(Names.cloud(jd)).get(),
                        admin.apps().deployments().inNamespace(ns).withName(Names.edge(jd)).get())
                .filter(java.util.Objects::nonNull).toList();
    }

    static String hash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
    }

    @Test
    @Order(1)
    void aJanusDeploymentYieldsItsObjectsAndTheSchedulerPlacesEachHalfOnItsNode() {
        JanusDeployment jd = createSteady("placement", placed("placement", "demo"));
        assertThat(dependents(jd)).hasSize(6).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
                .singleElement().satisfies(r -> assertThat(r.getUid()).isEqualTo(jd.getMetadata().getUid())));
        assertThat(jds.pods(jd, Names.CLOUD)).extracting(p -> p.getSpec().getNodeName())
                .containsExactly(TestingControlPlane.GPU);
        assertThat(jds.pods(jd, Names.EDGE)).extracting(p -> p.getSpec().getNodeName())
                .containsExactly(TestingControlPlane.JETSON);
        assertThat(admin.pods().inAnyNamespace().withLabel(Names.LABEL_NAME, Names.APP)
                .withField("spec.nodeName", TestingControlPlane.PLAIN).list().getItems())
                .as("no runtime pod on the plain node").isEmpty();
        assertThat(operatorWrites(Instant.EPOCH, "placement")).filteredOn(e -> DEPENDENT_RESOURCES.contains(e.resource()))
                .as("dependents written as in production: Services and Deployments by server-side apply (PATCH)")
                .isNotEmpty().allSatisfy(e -> assertThat(e.verb()).isIn("create", "patch"))
                .filteredOn(e -> !e.resource().equals("configmaps")).allSatisfy(e -> assertThat(e.verb()).isEqualTo("patch"))
                .extracting(AuditEvent::resource).contains("services", "deployments");
    }

    @Test
    @Order(2)
    void theEdgeWaitsForAReadyCloud() {
        jds.namespace("waiting");
        JanusDeployment unschedulable = placed("waiting", "demo");
        // More GPUs than the GPU node has: the scheduler keeps the cloud pod Pending.
        unschedulable.getSpec().getCloud().getResources().getLimits().put(TestingControlPlane.GPU_RESOURCE,
                new Quantity(String.valueOf(TestingControlPlane.GPU_CAPACITY + 1)));
        JanusDeployment jd = jds.create(unschedulable);
        await("the cloud pod is pending", TIMEOUT, () -> jds.pods(jd, Names.CLOUD).stream()
                .anyMatch(p -> "Pending".equals(p.getStatus().getPhase())));
        await("the status says why", TIMEOUT, () -> "WaitingForCloud".equals(
                jds.get("waiting", "demo").getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("EdgeReady")).findFirst().map(c -> c.getReason()).orElse(null)));
        assertThat(jds.deployment("waiting", Names.edge(jd))).as("no edge while the cloud cannot serve").isEmpty();

        jds.editSpec("waiting", "demo", s -> s.getCloud().getResources().getLimits()
                .put(TestingControlPlane.GPU_RESOURCE, new Quantity("1")));
        await("the edge once the cloud serves", TIMEOUT, () -> jds.steady(jd));
    }

    @Test
    @Order(3)
    void onceSteadyNothingIsWrittenAndTheStatusOnlyWhenItChanges() throws InterruptedException {
        JanusDeployment jd = createSteady("steady", placed("steady", "demo"));
        settle("steady", Duration.ofSeconds(10));
        Map<String, String> before = versions(jd);
        Instant start = Instant.now();
        // A spec edit that changes no dependent: the operator reconciles, must patch nothing, and writes the
        // status once (observedGeneration).
        long generation = jds.editSpec("steady", "demo", s -> s.setPaused(false)).getMetadata().getGeneration();
        await("the new generation observed", TIMEOUT, () -> Long.valueOf(generation)
                .equals(jds.get("steady", "demo").getStatus().getObservedGeneration()));
        Thread.sleep(Duration.ofSeconds(60).toMillis());

        assertThat(versions(jd)).as("resourceVersions of every dependent after 60 s").isEqualTo(before);
        List<AuditEvent> writes = operatorWrites(start, "steady");
        assertThat(writes).as("the operator's writes in 60 s").filteredOn(e -> DEPENDENT_RESOURCES.contains(e.resource()))
                .isEmpty();
        assertThat(writes).filteredOn(e -> e.resource().equals("janusdeployments"))
                .as("one status write, for the new generation").singleElement()
                .satisfies(e -> assertThat(e.subresource()).isEqualTo("status"));
    }

    @Test
    @Order(4)
    void anEdgeOnlyChangeRollsOnlyTheEdge() {
        JanusDeployment jd = createSteady("rolling", placed("rolling", "demo"));
        Deployment cloud = jds.deployment("rolling", Names.cloud(jd)).orElseThrow();
        Deployment edge = jds.deployment("rolling", Names.edge(jd)).orElseThrow();
        List<String> cloudPods = jds.pods(jd, Names.CLOUD).stream().map(p -> p.getMetadata().getUid()).toList();

        jds.editSpec("rolling", "demo", s -> s.getSla().setLatencyMs(250));
        await("the edge rolled to the new configuration", TIMEOUT, () -> {
            Deployment e = jds.deployment("rolling", Names.edge(jd)).orElseThrow();
            return !hash(e).equals(hash(edge)) && jds.steady(jd);
        });
        assertThat(admin.configMaps().inNamespace("rolling").withName(Names.configMap(jd)).get().getData()
                .get(Names.EDGE_PROPERTIES)).contains("sla-ms=250");
        Deployment cloudAfter = jds.deployment("rolling", Names.cloud(jd)).orElseThrow();
        assertThat(cloudAfter.getMetadata().getGeneration()).as("cloud Deployment generation").isEqualTo(cloud.getMetadata().getGeneration());
        assertThat(hash(cloudAfter)).isEqualTo(hash(cloud));
        assertThat(jds.pods(jd, Names.CLOUD)).extracting(p -> p.getMetadata().getUid()).as("the cloud pod keeps running")
                .isEqualTo(cloudPods);
    }

    @Test
    @Order(5)
    void replicasNotInTheSpecAreLeftToKubectlScale() {
        JanusDeployment jd = createSteady("scaling", placed("scaling", "demo"));
        cp.kubectl("scale", "deployment", Names.cloud(jd), "-n", "scaling", "--replicas=2");
        Deployment edge = jds.deployment("scaling", Names.edge(jd)).orElseThrow();
        // A change the operator must apply, so it certainly reconciles and applies both Deployments after the scale.
        jds.editSpec("scaling", "demo", s -> s.getSla().setLatencyMs(260));
        await("the edge rolled", TIMEOUT, () -> !hash(jds.deployment("scaling", Names.edge(jd)).orElseThrow())
                .equals(hash(edge)) && jds.steady(jd));
        Deployment cloud = jds.deployment("scaling", Names.cloud(jd)).orElseThrow();
        assertThat(cloud.getSpec().getReplicas()).as("kubectl scale's replicas survive the operator").isEqualTo(2);
        assertThat(cloud.getMetadata().getManagedFields()).filteredOn(f -> f.getManager().equals(JanusDeploymentReconciler.NAME))
                .allSatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties().toString()).doesNotContain("f:replicas"));
        await("two cloud pods", TIMEOUT, () -> jds.pods(jd, Names.CLOUD).size() == 2);

        jds.editSpec("scaling", "demo", s -> s.getCloud().setReplicas(3));
        await("a replica count in the spec wins", TIMEOUT, () -> Integer.valueOf(3)
                .equals(jds.deployment("scaling", Names.cloud(jd)).orElseThrow().getSpec().getReplicas()));
    }

    @Test
    @Order(6)
    void envNamedLikeTheOperatorsReplacesItAndDuplicatesCollapse() {
        JanusDeployment wanted = placed("env", "demo");
        wanted.getSpec().getEdge().setEnv(List.of(env("HOME", "/tmp/home"), env("TZ", "UTC"), env("TZ", "Europe/Paris")));
        wanted.getSpec().getCloud().setEnv(List.of(env("DJL_CACHE_DIR", "/tmp/cache")));
        JanusDeployment jd = createSteady("env", wanted);
        List<EnvVar> edge = jds.deployment("env", Names.edge(jd)).orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        assertThat(edge).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("HOME=/tmp/home", "TZ=Europe/Paris").doesNotContain("HOME=/tmp", "TZ=UTC");
        assertThat(jds.deployment("env", Names.cloud(jd)).orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("DJL_CACHE_DIR=/tmp/cache");
        assertThat(condition(jds.get("env", "demo"), "Ready")).isNotEqualTo("False");
    }

    @Test
    @Order(7)
    void theLiveDecisionOfARealEdgeRuntimeShowsInKubectlGet() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ProjectFiles.root().resolve("models/vit-tiny-mnist")),
                "skipped: models/vit-tiny-mnist is absent");
        int port = LoopbackPorts.free();
        JanusDeployment wanted = placed("live", "demo");
        wanted.getSpec().getEdge().setPort(port);
        JanusDeployment jd = createSteady("live", wanted);
        // KWOK gives pods addresses in 127.1.0.0/16 (loopback): the real edge runtime listens on the edge pod's
        // address and port, and the operator reads it through its production PodIpEndpoints.
        Pod edgePod = jds.pods(jd, Names.EDGE).get(0);
        String ip = edgePod.getStatus().getPodIP();
        assertThat(ip).startsWith("127.");
        try (CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), TransportSecurity.plaintext()));
             EdgeServer edge = EdgeServer.start(new EdgeConfig(ProjectFiles.model(), "127.0.0.1:" + cloud.port(), port, ip,
                     TransportSecurity.plaintext(), new Decision(Schedule.parse("exp:0.12"), 3, TensorCodec.FP16),
                     EdgeOptions.defaults(300), null))) {
            await("the status shows the edge's decision", TIMEOUT, () -> {
                JanusDeployment now = jds.get("live", "demo");
                return now.getStatus().getMode() == Mode.COLLABORATIVE && Integer.valueOf(3).equals(now.getStatus().getSplitPoint());
            });
            List<String> lines = cp.kubectl("get", "jd", "demo", "-n", "live").lines().toList();
            assertThat(lines.get(0)).contains("MODE", "SPLIT", "RATE");
            assertThat(lines.get(1).split("\\s+")).startsWith("demo", "True", "Collaborative", "3", "0.12");
        }
    }

    @Test
    @Order(8)
    void anOperatorRestartCreatesAndRecreatesNothing() {
        JanusDeployment jd = createSteady("restart", placed("restart", "demo"));
        settle("restart", Duration.ofSeconds(10));
        Map<String, String> before = versions(jd);
        Instant stopped = Instant.now();
        operator.stop();
        operator = install.start(POD, new PodIpEndpoints());
        long generation = jds.editSpec("restart", "demo", s -> s.setPaused(false)).getMetadata().getGeneration();
        await("the new operator reconciled", TIMEOUT, () -> Long.valueOf(generation)
                .equals(jds.get("restart", "demo").getStatus().getObservedGeneration()));
        settle("restart", Duration.ofSeconds(10));
        assertThat(versions(jd)).as("uid@resourceVersion of every dependent").isEqualTo(before);
        assertThat(operatorWrites(stopped, null)).as("the restarted operator's writes, in every namespace")
                .filteredOn(e -> DEPENDENT_RESOURCES.contains(e.resource())).isEmpty();
    }

    @Test
    @Order(9)
    void deletingTheJanusDeploymentCollectsEverything() {
        JanusDeployment jd = jds.get("placement", "demo");
        admin.resource(jd).delete();
        await("garbage collection of the dependents and their pods", TIMEOUT, () -> dependents(jd).isEmpty()
                && admin.apps().replicaSets().inNamespace("placement").list().getItems().isEmpty()
                && admin.pods().inNamespace("placement").list().getItems().isEmpty());
    }

    @Test
    @Order(100)
    void theChartsRbacCoversEverythingTheOperatorDid() {
        List<AuditEvent> all = cp.requestsSince(Instant.EPOCH).stream().filter(e -> e.user().equals(operatorUser())).toList();
        assertThat(all).as("requests by the operator").isNotEmpty();
        // RBAC's decision, not any 403: a write into a namespace another test is deleting is refused by admission.
        assertThat(all).filteredOn(AuditEvent::forbidden).as("requests RBAC forbade").isEmpty();
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
