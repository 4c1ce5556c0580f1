package io.janus.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.dependent.RuntimeManifests;
import io.janus.operator.reconciler.SpecValidator;
import org.junit.jupiter.api.Test;

/** The examples users copy parse into the API types and produce runnable manifests. */
class ExamplesTest {

    @Test
    void minimalExampleParsesAndBuilds() {
        JanusDeployment jd = Examples.load(Examples.MINIMAL);
        assertThat(jd.getSpec().getModel().getHostPath().getPath()).isEqualTo("/opt/janus/models");
        assertThat(jd.getSpec().getSla().getLatencyMs()).isEqualTo(300);
        jd.getMetadata().setNamespace("default");
        assertThat(SpecValidator.structure(jd)).isEmpty();
        assertThat(RuntimeManifests.configData(jd).get("edge.properties")).contains("model=/models/vit-tiny-mnist");
    }

    @Test
    void jetsonExampleParsesWithPlacementAndGpu() {
        JanusDeployment jd = Examples.load(Examples.JETSON_GPU_CLOUD);
        assertThat(jd.getSpec().getEdge().getNodeSelector()).containsEntry("kubernetes.io/arch", "arm64");
        assertThat(jd.getSpec().getEdge().getTolerations()).extracting(t -> t.getKey()).containsExactly("janus.io/edge");
        assertThat(jd.getSpec().getEdge().getEnv()).extracting(e -> e.getName()).contains("PYTORCH_LIBRARY_PATH");
        assertThat(jd.getSpec().getCloud().getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(jd.getSpec().getCloud().getTolerations()).extracting(t -> t.getKey()).containsExactly("nvidia.com/gpu");
        assertThat(jd.getSpec().getScheduler().getSplitGranularity()).isEqualTo(2);
        assertThat(jd.getSpec().getTls().getEdgeSecretName()).isEqualTo("vit-base-traffic-edge-tls");
        assertThat(SpecValidator.structure(jd)).isEmpty();
        assertThat(RuntimeManifests.edgeDeployment(jd, "img").getSpec().getTemplate().getSpec().getInitContainers())
                .extracting(c -> c.getName()).containsExactly("fetch-model");
    }

    @Test
    void fleetExampleRunsAnEdgePerJetsonAndAnAutoscaledCloud() {
        JanusDeployment jd = Examples.load(Examples.FLEET);
        assertThat(SpecValidator.structure(jd)).isEmpty();
        DaemonSet edges = RuntimeManifests.edgeDaemonSet(jd, "img");
        assertThat(edges.getSpec().getTemplate().getSpec().getNodeSelector())
                .containsEntry("kubernetes.io/arch", "arm64").containsEntry("janus.io/role", "edge");
        assertThat(edges.getSpec().getTemplate().getSpec().getTolerations()).extracting(t -> t.getKey())
                .containsExactly("janus.io/edge");
        HorizontalPodAutoscaler hpa = RuntimeManifests.cloudAutoscaler(jd);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(RuntimeManifests.cloudDeployment(jd, "img").getSpec().getReplicas()).isNull();
        assertThat(RuntimeManifests.configData(jd).get("cloud.properties")).contains("max-connection-age-seconds=120");
    }
}
