package io.janus.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentStatus;
import io.janus.operator.cluster.TestingControlPlane;
import io.janus.operator.cluster.TestingJanusDeployments;
import org.junit.jupiter.api.Test;

/**
 * The status write on a real API server while someone else edits the resource: JOSDK applies what the
 * reconciler returns to the status subresource with server-side apply; a resourceVersion in it makes
 * the write an optimistic-lock update that a concurrent edit turns into 409 Conflict.
 */
class StatusPatchIT {

    static final String NS = "status-patch";

    @Test
    void theStatusIsAppliedWithoutAResourceVersionSoAConcurrentEditCannotFailIt() {
        TestingControlPlane cp = TestingControlPlane.shared();
        cp.applyCrd();
        TestingJanusDeployments jds = new TestingJanusDeployments(cp.admin());
        jds.namespace(NS);
        JanusDeployment cached = jds.create(TestingJanusDeployments.placed(NS, "demo"));
        // A user labels the resource after the operator's informer saw it.
        cp.admin().resources(JanusDeployment.class).inNamespace(NS).withName("demo")
                .edit(jd -> {
                    jd.getMetadata().getLabels().put("team", "vision");
                    return jd;
                });
        JanusDeploymentStatus status = new JanusDeploymentStatus();
        status.setPhase(StatusAggregator.PHASE_PENDING);
        status.setObservedGeneration(cached.getMetadata().getGeneration());

        // What the reconciler returned before: the cached object with the new status (and its resourceVersion).
        JanusDeployment stale = cp.admin().getKubernetesSerialization().clone(cached);
        stale.setStatus(status);
        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> applyStatus(cp, stale));
        assertThat(conflict).as("the real API server refuses a stale resourceVersion").isNotNull();
        assertThat(conflict.getCode()).isEqualTo(409);

        JanusDeployment written = applyStatus(cp, JanusDeploymentReconciler.statusPatch(cached, status));
        assertThat(written.getStatus().getPhase()).isEqualTo(StatusAggregator.PHASE_PENDING);
        assertThat(written.getMetadata().getLabels()).containsEntry("team", "vision");
        assertThat(written.getMetadata().getManagedFields())
                .filteredOn(f -> JanusDeploymentReconciler.NAME.equals(f.getManager()))
                .singleElement().satisfies(f -> {
                    assertThat(f.getSubresource()).isEqualTo("status");
                    assertThat(f.getFieldsV1().getAdditionalProperties()).containsOnlyKeys("f:status");
                });
    }

    /** JOSDK 5's UpdateControl.patchStatus with server-side apply (ReconciliationDispatcher.patchStatus). */
    static JanusDeployment applyStatus(TestingControlPlane cp, JanusDeployment resource) {
        resource.getMetadata().setManagedFields(null);
        return cp.admin().resources(JanusDeployment.class).inNamespace(NS).resource(resource).subresource("status")
                .patch(new PatchContext.Builder().withFieldManager(JanusDeploymentReconciler.NAME).withForce(true)
                        .withPatchType(PatchType.SERVER_SIDE_APPLY).build());
    }
}
