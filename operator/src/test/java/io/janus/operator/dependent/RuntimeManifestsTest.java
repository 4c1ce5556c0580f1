package io.janus.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.janus.operator.api.Examples;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.spec.CloudSpec;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.api.v1alpha1.spec.PvcSource;
import io.janus.operator.api.v1alpha1.spec.SchedulerSpec;
import io.janus.operator.api.v1alpha1.spec.TlsSpec;
import io.janus.operator.api.v1alpha1.spec.UrlSource;
import io.janus.operator.naming.Names;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RuntimeManifestsTest {

    /** examples/minimal.yaml as vision/cam: a hostPath model folder vit-tiny-mnist, a 300 ms SLA, no edge or cloud part. */
    static JanusDeployment jd() {
        return Examples.load(Examples.MINIMAL, "vision", "cam");
    }

    static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void propertiesCarryTheSpecUnderTheRuntimeOptionNames() throws IOException {
        JanusDeployment jd = jd();
        jd.getSpec().getSla().setMinAccuracy(0.8);
        SchedulerSpec s = new SchedulerSpec();
        s.setDeltaAlpha(0.05);
        s.setMinTokens(16);
        s.setSplitGranularity(3);
        s.setCodec("int8");
        s.setFrameCodec("jpeg:85");
        s.setBandwidthWindow(10);
        s.setBandwidthPriorMbps(25.5);
        s.setFrameBytes(150_000L);
        jd.getSpec().setScheduler(s);
        CloudSpec cloud = new CloudSpec();
        cloud.setPort(6000);
        cloud.setWorkers(3);
        jd.getSpec().setCloud(cloud);

        Properties edge = parse(RuntimeManifests.configData(jd).get("edge.properties"));
        assertThat(edge).containsEntry("model", "/models/vit-tiny-mnist").containsEntry("cloud", "dns:///cam-cloud.vision.svc:6000")
                .containsEntry("http-port", "8080").containsEntry("sla-ms", "300").containsEntry("min-accuracy", "0.8")
                .containsEntry("delta-alpha", "0.05").containsEntry("min-tokens", "16")
                .containsEntry("split-granularity", "3").containsEntry("codec", "int8")
                .containsEntry("frame-codec", "jpeg:85").containsEntry("bandwidth-window", "10")
                .containsEntry("bandwidth-prior-mbps", "25.5").containsEntry("frame-bytes", "150000")
                .containsEntry("plaintext", "true")
                .doesNotContainKey("alpha-max");
        Properties cloudProps = parse(RuntimeManifests.configData(jd).get("cloud.properties"));
        assertThat(cloudProps).containsOnly(Map.entry("model", "/models/vit-tiny-mnist"), Map.entry("port", "6000"),
                Map.entry("metrics-port", "9090"), Map.entry("workers", "3"), Map.entry("plaintext", "true"));
    }

    @Test
    void tlsMountsEachHalfsSecretAndDropsPlaintext() throws IOException {
        JanusDeployment jd = jd();
        TlsSpec tls = new TlsSpec();
        tls.setCloudSecretName("c-tls");
        tls.setEdgeSecretName("e-tls");
        jd.getSpec().setTls(tls);
        Properties edge = parse(RuntimeManifests.configData(jd).get("edge.properties"));
        assertThat(edge).containsEntry("tls-cert", "/etc/janus/tls/tls.crt").containsEntry("tls-key", "/etc/janus/tls/tls.key")
                .containsEntry("tls-ca", "/etc/janus/tls/ca.crt").doesNotContainKey("plaintext");
        assertThat(secretOf(RuntimeManifests.cloudDeployment(jd, "img"))).isEqualTo("c-tls");
        assertThat(secretOf(RuntimeManifests.edgeDeployment(jd, "img"))).isEqualTo("e-tls");
        assertThat(runtime(RuntimeManifests.edgeDeployment(jd, "img")).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/janus/tls"));
    }

    @Test
    void pvcModelIsMountedReadOnlyAndUrlModelIsFetchedAndChecked() {
        JanusDeployment jd = jd();
        PvcSource pvc = new PvcSource();
        pvc.setClaimName("models");
        jd.getSpec().getModel().setHostPath(null);
        jd.getSpec().getModel().setPvc(pvc);
        Deployment cloud = RuntimeManifests.cloudDeployment(jd, "img");
        Volume model = volume(cloud, "model");
        assertThat(model.getPersistentVolumeClaim().getClaimName()).isEqualTo("models");
        assertThat(model.getPersistentVolumeClaim().getReadOnly()).isTrue();
        assertThat(cloud.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();

        UrlSource url = new UrlSource();
        url.setUrl("https://example.org/vit.tar.gz");
        url.setSha256("a".repeat(64));
        jd.getSpec().getModel().setPvc(null);
        jd.getSpec().getModel().setUrl(url);
        Deployment edge = RuntimeManifests.edgeDeployment(jd, "img");
        assertThat(volume(edge, "model").getEmptyDir()).isNotNull();
        Container fetch = edge.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(fetch.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("MODEL_URL=https://example.org/vit.tar.gz", "MODEL_SHA256=" + "a".repeat(64));
        assertThat(fetch.getCommand().get(2)).contains("sha256sum -c", "--proto =https", "tar -xzf");
        assertThat(fetch.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void runtimeContainersAreLockedDownAndRequestResources() {
        JanusDeployment jd = jd();
        EdgeSpec edge = new EdgeSpec();
        edge.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("4Gi")).build());
        edge.setEnv(List.of(new EnvVarBuilder().withName("PYTORCH_LIBRARY_PATH").withValue("/opt/libtorch/lib").build()));
        edge.setRuntimeClassName("nvidia");
        edge.setSupplementalGroups(List.of(44L));
        jd.getSpec().setEdge(edge);
        CloudSpec cloud = new CloudSpec();
        cloud.setResources(new ResourceRequirementsBuilder().addToLimits("nvidia.com/gpu", new Quantity("1")).build());
        jd.getSpec().setCloud(cloud);

        Deployment e = RuntimeManifests.edgeDeployment(jd, "img");
        Container ec = runtime(e);
        assertThat(ec.getResources().getRequests()).containsEntry("cpu", new Quantity("500m")).doesNotContainKey("memory");
        assertThat(ec.getResources().getLimits()).containsEntry("memory", new Quantity("4Gi"));
        assertThat(ec.getEnv()).extracting(v -> v.getName()).contains("DJL_CACHE_DIR", "PYTORCH_LIBRARY_PATH");
        assertThat(ec.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(e.getSpec().getTemplate().getSpec().getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(e.getSpec().getTemplate().getSpec().getSecurityContext().getSupplementalGroups())
                .as("the Jetson's video group").containsExactly(44L);
        assertThat(ec.getResources().getRequests()).as("/tmp for the libtorch extraction")
                .containsEntry("ephemeral-storage", new Quantity("1Gi"));
        assertThat(e.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(e.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isZero();

        Container cc = runtime(RuntimeManifests.cloudDeployment(jd, "img"));
        assertThat(cc.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(cc.getResources().getRequests()).containsKeys("cpu", "memory");
        // HTTP on the metrics port: the kubelet's gRPC probe cannot pass the gRPC port's mTLS.
        assertThat(cc.getStartupProbe().getGrpc()).isNull();
        assertThat(cc.getStartupProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
        assertThat(cc.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(cc.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(cc.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("grpc:50051", "metrics:9090");
    }

    @Test
    void configHashChangesWithTheConfigurationOnly() {
        JanusDeployment a = jd();
        JanusDeployment b = jd();
        b.getSpec().setEdge(new EdgeSpec());
        b.getSpec().getEdge().setImage("other");
        assertThat(hashes(a)).isEqualTo(hashes(b));
        b.getSpec().getSla().setLatencyMs(100);
        assertThat(RuntimeManifests.configHash(a, Names.EDGE)).isNotEqualTo(RuntimeManifests.configHash(b, Names.EDGE));
    }

    @Test
    void eachHalfHasItsOwnConfigHashSoAnEdgeOnlyChangeRestartsOnlyTheEdge() {
        JanusDeployment a = jd();
        JanusDeployment edgeOnly = jd();
        edgeOnly.getSpec().getSla().setLatencyMs(a.getSpec().getSla().getLatencyMs() + 1);
        assertThat(RuntimeManifests.configHash(edgeOnly, Names.CLOUD)).isEqualTo(RuntimeManifests.configHash(a, Names.CLOUD));
        assertThat(RuntimeManifests.configHash(edgeOnly, Names.EDGE)).isNotEqualTo(RuntimeManifests.configHash(a, Names.EDGE));

        JanusDeployment cloudOnly = jd();
        cloudOnly.getSpec().setCloud(new CloudSpec());
        cloudOnly.getSpec().getCloud().setWorkers(3);
        assertThat(RuntimeManifests.configHash(cloudOnly, Names.CLOUD)).isNotEqualTo(RuntimeManifests.configHash(a, Names.CLOUD));
        assertThat(RuntimeManifests.configHash(cloudOnly, Names.EDGE)).isEqualTo(RuntimeManifests.configHash(a, Names.EDGE));

        // The edge dials the cloud's port: moving it must roll both.
        JanusDeployment port = jd();
        port.getSpec().setCloud(new CloudSpec());
        port.getSpec().getCloud().setPort(50052);
        assertThat(hashes(port).get(0)).isNotEqualTo(hashes(a).get(0));
        assertThat(hashes(port).get(1)).isNotEqualTo(hashes(a).get(1));
    }

    @Test
    void replicasAreLeftToTheClusterUnlessTheSpecSetsThem() {
        JanusDeployment jd = jd();
        assertThat(RuntimeManifests.cloudDeployment(jd, "img").getSpec().getReplicas())
                .as("unset: not applied, so an HPA or kubectl scale owns spec.replicas").isNull();
        jd.getSpec().setCloud(new CloudSpec());
        jd.getSpec().getCloud().setReplicas(3);
        assertThat(RuntimeManifests.cloudDeployment(jd, "img").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void noVolumeMountSaysReadOnlyFalseWhichTheServerWouldDrop() {
        JanusDeployment jd = jd();
        jd.getSpec().getModel().setHostPath(null);
        jd.getSpec().getModel().setUrl(new UrlSource());
        jd.getSpec().getModel().getUrl().setUrl("https://example.org/m.tar.gz");
        jd.getSpec().getModel().getUrl().setSha256("a".repeat(64));
        Deployment d = RuntimeManifests.edgeDeployment(jd, "img");
        java.util.stream.Stream.concat(d.getSpec().getTemplate().getSpec().getContainers().stream(),
                        d.getSpec().getTemplate().getSpec().getInitContainers().stream())
                .flatMap(c -> c.getVolumeMounts().stream())
                .forEach(m -> assertThat(m.getReadOnly()).as(m.getName() + " at " + m.getMountPath()).isNotEqualTo(Boolean.FALSE));
    }

    @Test
    void userEnvReplacesTheOperatorsOfTheSameNameAndTheLastDuplicateWins() {
        JanusDeployment jd = jd();
        jd.getSpec().setEdge(new EdgeSpec());
        jd.getSpec().getEdge().setEnv(List.of(
                new EnvVarBuilder().withName("HOME").withValue("/tmp/home").build(),
                new EnvVarBuilder().withName("X").withValue("1").build(),
                new EnvVarBuilder().withName("X").withValue("2").build(),
                new EnvVarBuilder().withName("EMPTY").withValue("").build()));
        assertThat(runtime(RuntimeManifests.edgeDeployment(jd, "img")).getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly("HOME=/tmp/home", "DJL_CACHE_DIR=/tmp/djl", "ENGINE_CACHE_DIR=/tmp/djl", "X=2", "EMPTY=null");
    }

    static List<String> hashes(JanusDeployment jd) {
        return List.of(RuntimeManifests.configHash(jd, Names.CLOUD), RuntimeManifests.configHash(jd, Names.EDGE));
    }

    static Container runtime(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Volume volume(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> name.equals(v.getName()))
                .findFirst().orElseThrow();
    }

    static String secretOf(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).findFirst().orElse(null);
    }

    /** examples/fleet.yaml as vision/cam: a PerNode edge on the Jetsons, a cloud autoscaled from 1 to 4 pods. */
    static JanusDeployment fleet() {
        return Examples.load(Examples.FLEET, "vision", "cam");
    }

    @Test
    void perNodeEdgeIsADaemonSetWithTheDeploymentsPods() {
        JanusDeployment jd = fleet();
        DaemonSet ds = RuntimeManifests.edgeDaemonSet(jd, "img");
        assertThat(ds.getMetadata().getName()).isEqualTo("cam-edge");
        assertThat(ds.getSpec().getSelector().getMatchLabels()).isEqualTo(Names.selector(jd, Names.EDGE));
        assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge().getIntVal())
                .as("a device holds one edge pod at a time").isZero();
        assertThat(ds.getSpec().getTemplate())
                .as("the same pods as a Fixed edge's").isEqualTo(RuntimeManifests.edgeDeployment(jd, "img").getSpec().getTemplate());
        assertThat(ds.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("janus.io/role", "edge");
        assertThat(ds.getSpec().getTemplate().getSpec().getTolerations()).extracting(t -> t.getKey())
                .containsExactly("janus.io/edge");
    }

    @Test
    void autoscalingMakesAnHpaOnTheCloudAndLeavesItsReplicasUnowned() throws IOException {
        JanusDeployment jd = fleet();
        // The defaults first: the example sets both.
        jd.getSpec().getCloud().getAutoscaling().setTargetCpuUtilizationPercent(null);
        jd.getSpec().getCloud().setMaxConnectionAgeSeconds(null);
        HorizontalPodAutoscaler hpa = RuntimeManifests.cloudAutoscaler(jd);
        assertThat(hpa.getMetadata().getName()).isEqualTo("cam-cloud");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("cam-cloud");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(80);
        });
        assertThat(RuntimeManifests.cloudDeployment(jd, "img").getSpec().getReplicas()).isNull();
        assertThat(parse(RuntimeManifests.configData(jd).get(Names.CLOUD_PROPERTIES)))
                .as("edges re-resolve, so a replica that joins gets its share")
                .containsEntry("max-connection-age-seconds", "300");

        jd.getSpec().getCloud().getAutoscaling().setTargetCpuUtilizationPercent(60);
        jd.getSpec().getCloud().getAutoscaling().setTargetQueueLength(4);
        jd.getSpec().getCloud().setMaxConnectionAgeSeconds(90);
        hpa = RuntimeManifests.cloudAutoscaler(jd);
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getType()).containsExactly("Resource", "Pods");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        assertThat(hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName()).isEqualTo("janus_cloud_queue_length");
        assertThat(hpa.getSpec().getMetrics().get(1).getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("4"));
        assertThat(parse(RuntimeManifests.configData(jd).get(Names.CLOUD_PROPERTIES)))
                .containsEntry("max-connection-age-seconds", "90");
    }

    @Test
    void withoutAutoscalingTheCloudKeepsItsConnectionsAndTheSpecsReplicasAndTakesTheBatchingKnobs() throws IOException {
        JanusDeployment jd = jd();
        CloudSpec cloud = new CloudSpec();
        cloud.setReplicas(3);
        cloud.setMaxBatch(4);
        cloud.setMaxBatchWaitMs(3);
        jd.getSpec().setCloud(cloud);
        assertThat(RuntimeManifests.cloudDeployment(jd, "img").getSpec().getReplicas()).isEqualTo(3);
        assertThat(parse(RuntimeManifests.configData(jd).get(Names.CLOUD_PROPERTIES)))
                .doesNotContainKey("max-connection-age-seconds")
                .containsEntry("max-batch", "4").containsEntry("max-batch-wait-ms", "3");
    }

    @Test
    void theCloudServiceIsHeadlessAndTheEdgeResolvesEveryReplica() throws IOException {
        JanusDeployment jd = jd();
        assertThat(RuntimeManifests.cloudService(jd).getSpec().getClusterIP()).isEqualTo("None");
        assertThat(parse(RuntimeManifests.configData(jd).get(Names.EDGE_PROPERTIES)))
                .containsEntry("cloud", "dns:///cam-cloud.vision.svc:50051");
    }
}
