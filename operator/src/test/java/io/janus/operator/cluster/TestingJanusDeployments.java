package io.janus.operator.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.janus.operator.api.Examples;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import io.janus.operator.api.v1alpha1.JanusDeploymentSpec;
import io.janus.operator.api.v1alpha1.spec.CloudSpec;
import io.janus.operator.api.v1alpha1.spec.EdgeSpec;
import io.janus.operator.naming.Names;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** JanusDeployments placed as on the users' clusters, and reads of what the operator made of them. */
public final class TestingJanusDeployments {

    private final KubernetesClient client;

    public TestingJanusDeployments(KubernetesClient client) {
        this.client = client;
    }

    /**
     * examples/minimal.yaml (model folder vit-tiny-mnist, a 300 ms SLA) with the edge on the Jetson (selector +
     * toleration) and the cloud on the GPU node (one nvidia.com/gpu, the default requests). The placement is set here
     * for {@link TestingControlPlane}'s nodes rather than taken from an example: the GPU examples ask 2 to 4 CPUs per
     * cloud pod, so FleetIT's five cloud pods would not fit the 8-CPU GPU node, and jetson-gpu-cloud also needs TLS
     * Secrets and an HTTPS model server.
     */
    public static JanusDeployment placed(String namespace, String name) {
        JanusDeployment jd = Examples.load(Examples.MINIMAL, namespace, name);
        JanusDeploymentSpec spec = jd.getSpec();
        spec.setEdge(new EdgeSpec());
        spec.getEdge().setNodeSelector(Map.of("janus.io/role", "edge"));
        spec.getEdge().setTolerations(List.of(new TolerationBuilder().withKey(TestingControlPlane.EDGE_TAINT)
                .withOperator("Exists").withEffect("NoSchedule").build()));
        spec.setCloud(new CloudSpec());
        spec.getCloud().setNodeSelector(Map.of("nvidia.com/gpu.present", "true"));
        spec.getCloud().setTolerations(List.of(new TolerationBuilder().withKey(TestingControlPlane.GPU_RESOURCE)
                .withOperator("Exists").withEffect("NoSchedule").build()));
        spec.getCloud().setResources(new ResourceRequirementsBuilder()
                .addToLimits(TestingControlPlane.GPU_RESOURCE, new Quantity("1")).build());
        return jd;
    }

    public void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .serverSideApply();
    }

    /** Creates it as {@code kubectl apply --server-side} would: idempotent, so a client retry under load cannot fail it. */
    public JanusDeployment create(JanusDeployment jd) {
        return client.resource(jd).fieldManager(TestingControlPlane.TEST_MANAGER).forceConflicts().serverSideApply();
    }

    public JanusDeployment get(String ns, String name) {
        return client.resources(JanusDeployment.class).inNamespace(ns).withName(name).get();
    }

    /**
     * Edits the spec as a user would ({@code kubectl edit}): read, change, write with the read resourceVersion, and
     * read again on a conflict (the operator's status writes change the resourceVersion too).
     */
    public JanusDeployment editSpec(String ns, String name, Consumer<JanusDeploymentSpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(JanusDeployment.class).inNamespace(ns).withName(name).edit(jd -> {
                    change.accept(jd.getSpec());
                    return jd;
                });
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public Optional<Deployment> deployment(String ns, String name) {
        return Optional.ofNullable(client.apps().deployments().inNamespace(ns).withName(name).get());
    }

    /** The live pods of one half. */
    public List<Pod> pods(JanusDeployment jd, String component) {
        return client.pods().inNamespace(jd.getMetadata().getNamespace()).withLabels(Names.selector(jd, component))
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** Both halves exist, every desired pod is ready and runs the latest template, the status is current. */
    public boolean steady(JanusDeployment jd) {
        String ns = jd.getMetadata().getNamespace();
        Optional<Deployment> cloud = deployment(ns, Names.cloud(jd));
        Optional<Deployment> edge = deployment(ns, Names.edge(jd));
        JanusDeployment now = get(ns, jd.getMetadata().getName());
        return cloud.isPresent() && edge.isPresent() && rolledOut(cloud.get()) && rolledOut(edge.get())
                && now.getStatus() != null && now.getMetadata().getGeneration().equals(now.getStatus().getObservedGeneration())
                && "True".equals(condition(now, "EdgeReady")) && "True".equals(condition(now, "CloudReady"));
    }

    static boolean rolledOut(Deployment d) {
        var s = d.getStatus();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return s != null && d.getMetadata().getGeneration().equals(s.getObservedGeneration())
                && s.getReadyReplicas() != null && s.getReadyReplicas() == desired
                && s.getUpdatedReplicas() != null && s.getUpdatedReplicas() == desired
                && (s.getReplicas() == null || s.getReplicas() == desired);
    }

    public static String condition(JanusDeployment jd, String type) {
        return jd.getStatus() == null ? null : jd.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType())).map(c -> c.getStatus()).findFirst().orElse(null);
    }
}
