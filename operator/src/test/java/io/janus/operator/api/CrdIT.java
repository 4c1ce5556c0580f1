package io.janus.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.cluster.TestingControlPlane;
import io.janus.operator.reconciler.Conditions;
import io.janus.plan.Mode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed CRD on a real kube-apiserver: accepted (CEL within the cost budget), Established, explained, printed. */
class CrdIT {

    static final String NS = "crd-it";
    static TestingControlPlane cp;
    static CustomResourceDefinition crd;

    @BeforeAll
    static void apply() {
        cp = TestingControlPlane.shared();
        crd = cp.applyCrd();
        cp.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
    }

    @AfterAll
    static void cleanUp() {
        // Leave nothing an operator started later in this JVM would reconcile.
        if (cp != null) {
            cp.admin().namespaces().withName(NS).delete();
        }
    }

    @Test
    void crdIsAppliedServerSideAndEstablished() {
        assertThat(crd.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Established");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(crd.getMetadata().getManagedFields()).anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo(TestingControlPlane.TEST_MANAGER);
            assertThat(f.getOperation()).isEqualTo("Apply");
        });
        String before = crd.getMetadata().getResourceVersion();
        assertThat(cp.applyCrd().getMetadata().getResourceVersion()).as("applying it again changes nothing")
                .isEqualTo(before);
    }

    @Test
    void kubectlExplainDescribesEveryPartOfTheSpec() {
        String spec = cp.kubectl("explain", "jd.spec");
        assertThat(spec).contains("JanusDeployment", "model", "sla", "scheduler", "edge", "cloud", "tls", "paused",
                "Where the model weights come from");
        assertThat(cp.kubectl("explain", "jd.spec.scheduler.deltaAlpha")).contains("Step Δα");
    }

    @Test
    void kubectlGetPrintsTheLiveDecisionColumns() {
        JanusDeployment jd = cp.admin().resource(Examples.load(Examples.MINIMAL, NS, "printed")).create();
        JanusDeploymentStatus status = new JanusDeploymentStatus();
        status.setMode(Mode.COLLABORATIVE);
        status.setSplitPoint(4);
        status.setDecliningRate(0.12);
        status.setBandwidthMbps(42.5);
        status.setLatencyP95Ms(180.0);
        status.setSlaViolationRatio(0.01);
        status.setConditions(List.of(Conditions.of(Conditions.READY, Conditions.TRUE, "Running", "serving")));
        jd.setStatus(status);
        cp.admin().resource(jd).updateStatus();

        List<String> lines = cp.kubectl("get", "jd", "printed", "-n", NS).lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "READY", "MODE", "SPLIT", "RATE", "BANDWIDTH",
                "P95", "VIOLATIONS", "EDGES", "AGE");
        assertThat(lines.get(1).split("\\s+")).startsWith("printed", "True", "Collaborative", "4", "0.12", "42.5",
                "180", "0.01");
    }
}
